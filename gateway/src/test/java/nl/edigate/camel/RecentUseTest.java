package nl.edigate.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A session is taken to be alive only for the window after a file it carried, on an injected clock. */
class RecentUseTest {
    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final RecentUse session = new RecentUse(Duration.ofSeconds(1), now::get);

    @Test
    void nothingIsKnownBeforeTheFirstUse() {
        assertThat(session.recent()).isFalse();
    }

    @Test
    void aUseCountsForTheWindowAndNoLonger() {
        session.used();
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(session.recent()).isTrue();
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(session.recent()).as("a second after: asked again").isFalse();
    }

    @Test
    void aUseThatBeganAndDidNotSucceedLeavesNothingKnown() {
        session.used();
        session.forget();
        assertThat(session.recent()).isFalse();
        session.used();
        assertThat(session.recent()).isTrue();
    }
}
