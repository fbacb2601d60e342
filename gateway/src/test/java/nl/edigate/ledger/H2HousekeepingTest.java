package nl.edigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded ledger file is kept as H2's background writer would keep it, which H2 does not start when
 * every commit is written before it returns: forced to the disk every second, replaced chunks reused after
 * 5 s, sparse chunks rewritten.
 */
class H2HousekeepingTest {
    @TempDir
    Path dir;

    @Test
    void aLedgerFileThatTakesACommitPerDeliveryIsForcedToDiskAndItsSparseChunksRewritten() {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger"), "edigate", "")) {
            H2Housekeeping housekeeping = ledger.housekeeping();
            assertThat(housekeeping).isNotNull();
            MVStore store = housekeeping.store();

            deliverAsDeliveryDoes(ledger, 2_000);
            int sparse = housekeeping.chunksFillRate();
            long size = store.getFileStore().size();
            // every delivery replaced pages of earlier chunks, most of each chunk is dead (2% in use, measured);
            // rewritten, and the replaced chunks' space freed after the retention, the file shrinks
            await().atMost(Duration.ofMinutes(2)).until(() -> housekeeping.chunksFillRate() > sparse + 20
                    && store.getFileStore().size() < size / 2);
            assertThat(housekeeping.rounds()).isPositive();
            assertThat(store.getRetentionTime()).isEqualTo(H2Housekeeping.RETENTION_MS);
        }
    }

    @Test
    void aRetentionTheLedgersUrlNamesIsKept() {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger") + ";RETENTION_TIME=20000", "edigate", "")) {
            H2Housekeeping housekeeping = ledger.housekeeping();
            await().atMost(Duration.ofMinutes(1)).until(() -> housekeeping.rounds() > 0);
            assertThat(housekeeping.store().getRetentionTime()).isEqualTo(20_000);
        }
    }

    @Test
    void aReadOnlyVisitLeavesTheFileToH2() {
        String url = "jdbc:h2:file:" + dir.resolve("ledger");
        try (Ledger ledger = new Ledger(url, "edigate", "")) {
            ledger.startRun("test");
        }
        try (Ledger reading = Ledger.forReading(url, "edigate", "")) {
            assertThat(reading.housekeeping()).isNull();
        }
    }

    /** Stored 100 a transaction, then one commit per document: the attempt's start with the previous success. */
    private static void deliverAsDeliveryDoes(Ledger ledger, int n) {
        long run = ledger.startRun("test");
        List<Ledger.NewDocument> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Ledger.NewDocument("opdrachtgever", "ORDER_RESPONSE", "PO-" + i + "/VO-" + i,
                    Integer.toHexString(i).repeat(8), "doc-" + i, "<OrderResponse>" + i + "</OrderResponse>",
                    "orders_test.csv", i + 2L, run, "row " + i));
            if (batch.size() == 100) {
                ledger.insertDocuments(batch);
                batch.clear();
            }
        }
        Ledger.Success previous = null;
        for (long pk : ledger.deliverableKeys("opdrachtgever", "ORDER_RESPONSE")) {
            long attempt = ledger.beginAttempt(pk, run, "SFTP", previous);
            previous = new Ledger.Success(attempt, pk, "ORDRSP_" + pk + ".xml", null, null, Duration.ofHours(24));
        }
        ledger.attemptSucceeded(previous);
    }
}
