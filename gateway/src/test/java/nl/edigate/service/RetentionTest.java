package nl.edigate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;

/**
 * The retention policy on a real ledger: a dry run counts and changes nothing; payloads go first (and a
 * document without one is never sent again); then documents with their attempts, acknowledgements and
 * resends, and the runs no document refers to; a document waiting for delivery is never touched.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class RetentionTest {
    @TempDir
    Path dir;

    @Test
    void payloadsGoFirstThenDocumentsWithTheirHistoryAndWaitingOnesStay() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("inbox.stable-after", "0s"))) {
            OrdersCsv night = new OrdersCsv();
            night.addOrder("VO-1", 1);
            night.addOrder("VO-2", 1);
            gw.putExport("orders_20261125-231000.csv", night.build());
            gw.run();
            List<LedgerDocument> sent = gw.documents();
            assertThat(sent).hasSize(2).allMatch(d -> d.sentAt() != null);
            gw.resend(List.of(sent.get(0).pk()), Resender.Mode.AS_SENT, true, "client asked again");
            OrdersCsv later = new OrdersCsv();
            later.addOrder("VO-3", 1);
            gw.putExport("orders_20261126-231000.csv", later.build());
            gw.runtime.nightlyRun().intakeOnly(); // stored, not delivered yet
            LedgerDocument waiting = gw.documents().stream().filter(d -> d.status() == DocumentStatus.READY)
                    .findFirst().orElseThrow();
            Instant past = Instant.now().minus(Duration.ofDays(1));
            Instant future = Instant.now().plus(Duration.ofDays(1));
            long runs = gw.ledger.runCount();

            Ledger.Purge dry = gw.ledger.purge(future, future, true);
            assertThat(dry.documents()).isEqualTo(2);
            assertThat(dry.attempts()).isGreaterThanOrEqualTo(3);
            assertThat(gw.documents()).hasSize(3);
            assertThat(gw.ledger.runCount()).isEqualTo(runs);

            Ledger.Purge payloads = gw.ledger.purge(past, future, false);
            assertThat(payloads.documents()).isZero();
            assertThat(payloads.payloads()).isEqualTo(2);
            assertThat(gw.ledger.document(sent.get(1).pk()).orElseThrow().payload()).isEmpty();
            assertThat(gw.ledger.document(waiting.pk()).orElseThrow().payload()).contains("OrderResponse");
            var refused = new nl.edigate.operators.OperatorService(gw.config, gw.ledger, java.time.Clock.systemDefaultZone())
                    .preview(List.of(sent.get(1).pk()), true);
            assertThat(refused).singleElement().matches(i -> !i.go()).extracting(Resender.Item::why).asString()
                    .contains("removed by the retention policy");

            Ledger.Purge all = gw.ledger.purge(future, future, false);
            assertThat(all.documents()).isEqualTo(2);
            assertThat(gw.documents()).singleElement().extracting(LedgerDocument::pk).isEqualTo(waiting.pk());
            assertThat(gw.ledger.attempts(sent.get(0).pk())).isEmpty();
            assertThat(gw.ledger.resendHistory(sent.get(0).pk())).isEmpty();
            // the run that stored the waiting document stays, with its report; the others went with their documents
            assertThat(gw.ledger.run(waiting.runId())).isPresent();
            assertThat(gw.ledger.runCount()).isLessThan(runs);
        }
    }
}
