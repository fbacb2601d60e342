package nl.edigate.delivery;

/**
 * At most n requests per second: each request waits for its slot. Slots are 5% wider than 1/n s,
 * because the client counts arrivals, and network jitter can bring two requests closer than they left.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long next = System.nanoTime();

    public RateLimiter(int perSecond) {
        this.intervalNanos = 1_050_000_000L / perSecond;
    }

    public synchronized void acquire() throws InterruptedException {
        long now = System.nanoTime();
        if (next > now) {
            long wait = next - now;
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            now = next;
        }
        next = Math.max(now, next) + intervalNanos;
    }
}
