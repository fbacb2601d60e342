package nl.edigate.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.clients.SeveralClientsTest;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;

/**
 * Each client on its own schedule (issue 13): a schedule route per distinct schedule, carrying its
 * clients; a scheduled run takes the whole inbox in and delivers to its clients only, the others'
 * documents waiting in the ledger for their own schedule.
 */
@Tag("integration")
class ClientSchedulesTest {

    @Test
    void aScheduledRunDeliversToItsClientsOnlyAndTheOthersWaitForTheirs(@TempDir Path dir) throws Exception {
        try (GatewayHarness gw = GatewayHarness.startWithConsortium(dir, Map.of("schedule.cron", "0 30 1 * * ?"),
                Map.of("schedule.cron", "0 0 4 * * ?"))) {
            // serve's runtime: both schedules as routes, started, each with its cron and clients
            try (GatewayRuntime serve = new GatewayRuntime(gw.config, gw.ledger, true, Clock.systemDefaultZone())) {
                assertThat(serve.isStarted("nightly-schedule-opdrachtgever")).isTrue();
                assertThat(serve.isStarted("nightly-schedule-bouwcombinatie")).isTrue();
                assertThat(serve.endpointOf("nightly-schedule-opdrachtgever")).contains("cron=0+30+1");
                assertThat(serve.endpointOf("nightly-schedule-bouwcombinatie")).contains("cron=0+0+4");
            }

            gw.putExport("orders_20261129-231000.csv", SeveralClientsTest.export(100));
            // the first client's schedule fires: everything is taken in, only its documents go out
            RunReport early = gw.runtime.runNow("scheduled", "opdrachtgever");
            assertThat(gw.orders(early).clients().get("opdrachtgever").delivered()).isEqualTo(2);
            assertThat(gw.orders(early).clients().get("bouwcombinatie").created()).isEqualTo(2);
            assertThat(gw.orders(early).clients().get("bouwcombinatie").delivered()).isZero();
            assertThat(gw.documents("bouwcombinatie")).extracting(LedgerDocument::status)
                    .containsOnly(DocumentStatus.READY);
            assertThat(gw.client.translator().references()).isEmpty();

            // the consortium's schedule fires later: its documents go out then
            RunReport late = gw.runtime.runNow("scheduled", "bouwcombinatie");
            assertThat(gw.orders(late).clients().get("bouwcombinatie").delivered()).isEqualTo(2);
            assertThat(gw.client.translator().references()).containsExactly(1L);
            assertThat(gw.documents("bouwcombinatie")).extracting(LedgerDocument::status)
                    .containsOnly(DocumentStatus.ACCEPTED);
        }
    }
}
