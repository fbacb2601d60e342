package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;

/**
 * A client whose server allows two sessions at once gets its documents over two (the simulator, like the
 * contract, refuses a third), each document once; the acknowledgement pass that `serve` starts meanwhile
 * waits for a session instead of opening a third. A profile that allows one keeps to one.
 */
@Tag("integration") // starts the client simulator
class TwoSessionsTest {
    /** More than one page of the delivery batch ({@link Delivery#PAGE}), so that a second lane has work. */
    static final int N = 3 * Delivery.PAGE;

    @TempDir
    Path dir;

    @Test
    void twoSessionsDeliverEachDocumentOnceAndTheAcknowledgementPassWaitsForOne() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("sftp.sessions", "2"))) {
            ready(gw, N);
            List<CompletableFuture<AckTally>> pass = new ArrayList<>();
            AtomicInteger uploads = new AtomicInteger();
            gw.client.sftp().onUploadStarting(file -> {
                if (uploads.incrementAndGet() == N / 2) {
                    // serve's scheduled pass, half way through the night's delivery
                    pass.add(CompletableFuture.supplyAsync(gw.runtime::collectAcknowledgements));
                }
            });

            RunReport report = gw.runtime.nightlyRun().deliverOnly();

            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(N);
            assertThat(gw.client.sftp().maxConcurrentSessions()).isEqualTo(2);
            assertThat(gw.remoteFiles()).hasSize(N);
            assertThat(gw.ledger.countByStatus(DocumentFilter.all())).containsEntry("SENT", (long) N).hasSize(1);
            for (LedgerDocument d : gw.documents()) {
                assertThat(gw.ledger.attempts(d.pk())).singleElement()
                        .satisfies(a -> assertThat(a.outcome()).isEqualTo("SENT"));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> pass.size() == 1 && pass.get(0).isDone());
            assertThat(pass.get(0).get().failure()).as("the pass got a session").isNull();
            assertThat(gw.client.sftp().maxConcurrentSessions()).isEqualTo(2);
        }
    }

    @Test
    void aProfileThatAllowsOneSessionDeliversOverOne() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("sftp.sessions", "1"))) {
            ready(gw, N);

            RunReport report = gw.runtime.nightlyRun().deliverOnly();

            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(N);
            assertThat(gw.client.sftp().maxConcurrentSessions()).isEqualTo(1);
            assertThat(gw.remoteFiles()).hasSize(N);
        }
    }

    /** n READY order responses in the ledger; the simulated importer does not check or acknowledge them. */
    private static void ready(GatewayHarness gw, int n) {
        gw.client.sftp().setValidate(false);
        gw.client.sftp().setAcknowledge(false);
        long run = gw.ledger.startRun("test");
        List<Ledger.NewDocument> docs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            docs.add(new Ledger.NewDocument(gw.config.client().id(), OrderFileReader.DOC_TYPE, "PO-" + i + "/VO-" + i,
                    "h" + i, id, "<OrderResponse><ID>" + id + "</ID></OrderResponse>", "orders_test.csv", i + 2, run,
                    null));
        }
        gw.ledger.insertDocuments(docs);
    }
}
