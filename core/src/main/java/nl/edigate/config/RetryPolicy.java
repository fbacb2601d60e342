package nl.edigate.config;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with full jitter, capped. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /** The wait before attempt {@code nextAttempt} (2, 3, ...). */
    public Duration backoffBefore(int nextAttempt) {
        long base = initialBackoff.toMillis() << Math.min(20, Math.max(0, nextAttempt - 2));
        long capped = Math.min(base, maxBackoff.toMillis());
        // jitter between half and the whole wait, so that retries do not synchronise
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    /** The least time from the first failure to the last attempt, with the shortest jitter every time. */
    public Duration shortestSpan() {
        long total = 0;
        for (int next = 2; next <= maxAttempts; next++) {
            long base = initialBackoff.toMillis() << Math.min(20, next - 2);
            total += Math.min(base, maxBackoff.toMillis()) / 2;
        }
        return Duration.ofMillis(total);
    }
}
