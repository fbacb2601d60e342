package nl.edigate.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;

/**
 * The night's last export goes out while it is taken in; a document of an earlier export of the same
 * night waits for the end of intake, for a later one may supersede it.
 */
@Tag("integration") // starts the client simulator
class DeliveryDuringIntakeTest {
    static final String EXPORT = "orders_20261125-231000.csv";

    @TempDir
    Path dir;

    @Test
    void theFirstUploadStartsWhileTheExportIsStillBeingTakenIn() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("sftp.sessions", "2"))) {
            gw.client.sftp().setValidate(false);
            gw.client.sftp().setAcknowledge(false);
            OrdersCsv csv = new OrdersCsv();
            int orders = 1500;
            for (int i = 1; i <= orders; i++) {
                csv.addOrder("VO-" + (100000 + i), 1 + i % 3);
            }
            Path export = gw.putExport(EXPORT, csv.build());
            // the export is archived when intake has stored all of it
            AtomicReference<Boolean> stillInInbox = new AtomicReference<>();
            gw.client.sftp().onUploadStarting(f -> stillInInbox.compareAndSet(null, Files.exists(export)));

            RunReport report = gw.run();

            assertThat(report.exitCode()).as(report.toText()).isZero();
            assertThat(stillInInbox.get()).as("intake was still going when the first upload started").isTrue();
            assertThat(gw.orders(report).delivered()).isEqualTo(orders);
            assertThat(gw.remoteFiles()).hasSize(orders);
            assertThat(gw.documents()).allMatch(d -> d.status() == DocumentStatus.SENT);
        }
    }

    @Test
    void anOrderThatALaterExportOfTheNightChangesGoesOutOnceWithTheNewerContent() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("sftp.sessions", "2"))) {
            OrdersCsv first = new OrdersCsv();
            for (int i = 1; i <= 400; i++) {
                first.addOrder("VO-" + (100000 + i), 1);
            }
            OrdersCsv later = new OrdersCsv();
            later.addOrder("VO-100001", 1, "aantal", "77");
            gw.putExport(EXPORT, first.build());
            gw.putExport("orders_20261126-011500.csv", later.build());

            RunReport report = gw.run();

            assertThat(report.exitCode()).as(report.toText()).isZero();
            assertThat(gw.orders(report).delivered()).isEqualTo(400);
            List<LedgerDocument> vo1 = gw.documents().stream()
                    .filter(d -> d.businessKey().endsWith("VO-100001")).toList();
            assertThat(vo1).hasSize(2);
            LedgerDocument older = vo1.stream().filter(d -> d.sourceFile().equals(EXPORT)).findFirst().orElseThrow();
            LedgerDocument newer = vo1.stream().filter(d -> d != older).findFirst().orElseThrow();
            assertThat(older.status()).as("superseded before it went out").isEqualTo(DocumentStatus.SUPERSEDED);
            assertThat(gw.ledger.attempts(older.pk())).isEmpty();
            assertThat(newer.status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(newer.contentHash()).isNotEqualTo(older.contentHash());
            assertThat(Files.readString(gw.received(newer.remoteName()))).isEqualTo(newer.payload());
            assertThat(gw.remoteFiles()).hasSize(400);
        }
    }
}
