package nl.edigate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import nl.edigate.TestProfiles;

class RetryPolicyTest {

    /** Contract section 3: the API's maintenance may answer 503 for 15 minutes; the shipped policy outlasts it. */
    @Test
    void theShippedApiPolicyOutlastsTheMaintenanceWindowEvenWithTheShortestJitter() {
        RetryPolicy api = TestProfiles.client().api().retry();
        assertThat(api.shortestSpan()).isGreaterThan(Duration.ofMinutes(15));
    }

    @RepeatedTest(20)
    void everyWaitLiesBetweenHalfAndTheWholeCappedBackoff() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(p.backoffBefore(2)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        assertThat(p.backoffBefore(4)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertThat(p.backoffBefore(9)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
        assertThat(p.shortestSpan()).isEqualTo(Duration.ofMillis(2500 + 5000 + 10000 + 15000));
    }
}
