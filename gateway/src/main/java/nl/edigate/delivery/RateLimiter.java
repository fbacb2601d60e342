package nl.edigate.delivery;

/**
 * At most n requests per second: each request waits for its slot. Slots are 20% wider than 1/n s,
 * because the client counts arrivals, and arrivals bunch: the first request of a connection arrives
 * a TLS handshake late (measured here: ~50 ms), the ones after it on time.
 */
public final class RateLimiter {
    private final long intervalNanos;
    private long next = System.nanoTime();

    public RateLimiter(int perSecond) {
        this.intervalNanos = 1_200_000_000L / perSecond;
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
