package nl.edigate.camel;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether something (an SFTP session) was used successfully within a window: a connection just used is
 * taken to work without asking the server again. One thread at a time, as a producer of one lane.
 */
final class RecentUse {
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private boolean used;
    private long usedAt;

    RecentUse(Duration window, LongSupplier nanoClock) {
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /** It worked, now. */
    void used() {
        used = true;
        usedAt = nanoClock.getAsLong();
    }

    /** Nothing is known any more (a use began, or failed). */
    void forget() {
        used = false;
    }

    /** Whether it worked less than the window ago. */
    boolean recent() {
        return used && nanoClock.getAsLong() - usedAt < windowNanos;
    }
}
