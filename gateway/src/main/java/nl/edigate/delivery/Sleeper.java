package nl.edigate.delivery;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** How delivery waits between attempts: the real clock in the gateway, no waiting at all in unit tests. */
@FunctionalInterface
public interface Sleeper {

    /** Waits this long, or less when {@code stop} turns true (looked at every 200 ms); false when stopped. */
    boolean sleep(Duration wait, BooleanSupplier stop);

    Sleeper REAL = (wait, stop) -> {
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (!stop.getAsBoolean()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, 200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    };
}
