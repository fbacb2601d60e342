package nl.edigate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

/**
 * The run problems on a real ledger and a hand clock: a schedule's run that has not started
 * {@code alerts.run-late-after} after its time is a problem until a nightly run starts; a nightly run that
 * broke off is one until a later one does not; before serve started, a missed time is catch-up's, not an
 * alert.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ProblemWatchTest {
    @TempDir
    Path dir;

    @Test
    void aRunNotStartedOnTimeAndARunThatBrokeOffAreProblemsUntilANightRunsWell() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("schedule.cron", "0 * * * * ?",
                "alerts.run-late-after", "30m", "alerts.expiry-warning", "1d"))) {
            ServiceFixture.HandClock clock = new ServiceFixture.HandClock(Instant.now().minus(Duration.ofMinutes(40)),
                    ZoneId.systemDefault());
            AtomicReference<RunReport> last = new AtomicReference<>();
            ProblemWatch watch = new ProblemWatch(gw.config, gw.ledger, new SelfHealing(gw.config, gw.ledger,
                    gw.runtime.nightlyRun(), clock), clock, last::get, null);
            // serve just started: the times before it are the catch-up's business
            assertThat(watch.current()).isEmpty();

            // forty minutes on, the run due thirty minutes ago has not started
            clock.advance(Duration.ofMinutes(40));
            assertThat(watch.current()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo("RUN_NOT_STARTED");
                assertThat(p.summary()).contains("opdrachtgever", "has not started");
            });
            gw.ledger.startRun("scheduled");
            assertThat(watch.current()).isEmpty();

            RunReport broken = new RunReport(7);
            broken.problem("intake of the inbox failed: disk unreadable");
            last.set(broken);
            assertThat(watch.current()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo("RUN_FAILED");
                assertThat(p.summary()).contains("(7) broke off", "disk unreadable");
            });
            last.set(new RunReport(8));
            assertThat(watch.current()).isEmpty();
        }
    }

    @Test
    void acknowledgementsThatCannotBeCollectedTwiceInARowAreAProblemAndAHealthReasonUntilCollectedAgain()
            throws Exception {
        // passes a poll interval apart: here a millisecond
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("alerts.expiry-warning", "1d",
                "acks.poll-interval", "1ms"))) {
            ServiceFixture.HandClock clock = new ServiceFixture.HandClock(Instant.now(), ZoneId.systemDefault());
            SelfHealing healing = new SelfHealing(gw.config, gw.ledger, gw.runtime.nightlyRun(), clock);
            ProblemWatch watch = new ProblemWatch(gw.config, gw.ledger, healing, clock, () -> null, null,
                    gw.runtime.collectionFailures()::failing);
            Health health = new Health(gw.config, gw.ledger, healing, watch, clock);
            int port = gw.client.sftp().port();
            gw.client.sftp().stop();

            assertThat(gw.runtime.collectAcknowledgements().failure()).isNotNull();
            assertThat(watch.current()).as("one failed pass is a server's bad minute").isEmpty();
            assertThat(gw.runtime.collectAcknowledgements().failure()).isNotNull();
            assertThat(watch.current()).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo("ACKS_COLLECTION_FAILING");
                assertThat(p.clientId()).isEqualTo("opdrachtgever");
                assertThat(p.summary()).contains("could not be collected in the last 2 passes");
            });
            var report = health.report();
            assertThat(report.get("status").asText()).isEqualTo("DEGRADED");
            assertThat(report.get("reasons").toString()).contains("Acknowledgements from opdrachtgever could not be"
                    + " collected");

            try (SftpSimulator back = SftpSimulator.start(gw.client.sftp().root(), ClientSimulator.USER,
                    gw.client.gatewayKey().getPublic(), gw.client.sftp().hostKey(), port)) {
                assertThat(gw.runtime.collectAcknowledgements().failure()).isNull();
                assertThat(watch.current()).isEmpty();
            }
        }
    }
}
