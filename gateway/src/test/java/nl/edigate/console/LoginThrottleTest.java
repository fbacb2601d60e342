package nl.edigate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void afterFiveFailuresEachTryWaitsTwiceAsLongUpToFifteenMinutes() {
        HandClock clock = new HandClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 4; i++) {
            t.failed("jansen", "10.0.0.1");
            assertThat(t.waitFor("jansen", "10.0.0.1")).isZero();
        }
        t.failed("jansen", "10.0.0.1");
        assertThat(t.waitFor("jansen", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        // per user from anywhere, and per address for any user
        assertThat(t.waitFor("jansen", "10.0.0.2")).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.waitFor("pietersen", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        assertThat(t.waitFor("pietersen", "10.0.0.2")).isZero();
        t.failed("jansen", "10.0.0.1");
        assertThat(t.waitFor("jansen", "10.0.0.1")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 30; i++) {
            t.failed("jansen", "10.0.0.1");
        }
        assertThat(t.waitFor("jansen", "10.0.0.1")).isEqualTo(LoginThrottle.MAX_WAIT);
        clock.now = clock.now.plus(LoginThrottle.MAX_WAIT);
        assertThat(t.waitFor("jansen", "10.0.0.1")).isZero();
    }

    @Test
    void aSuccessClearsTheCountAndOldFailuresAreForgotten() {
        HandClock clock = new HandClock();
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 5; i++) {
            t.failed("jansen", "10.0.0.1");
        }
        t.succeeded("jansen", "10.0.0.1");
        assertThat(t.waitFor("jansen", "10.0.0.1")).isZero();
        for (int i = 0; i < 4; i++) {
            t.failed("jansen", "10.0.0.1");
        }
        clock.now = clock.now.plus(LoginThrottle.WINDOW).plusSeconds(1);
        assertThat(t.failed("jansen", "10.0.0.1")).isEqualTo(1);
        assertThat(t.waitFor("jansen", "10.0.0.1")).isZero();
    }
}
