package nl.edigate.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ConfigFiles;
import nl.edigate.GatewayHarness;
import nl.edigate.cli.CommandLineTest;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;

/**
 * The operator's morning on a real SFTP server: a delivery fails, it is resent (as sent, and with
 * --rerender after a fix), the client's acknowledgement arrives, and the ledger and `messages` show
 * the final state. An acknowledgement file leaves the server only after it was recorded.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class OperatorLoopTest {

    @TempDir
    Path dir;

    static String demoOrders() throws IOException {
        try (var in = OperatorLoopTest.class.getResourceAsStream("/demo/orders_20261125-231000.csv")) {
            return new String(in.readAllBytes());
        }
    }

    @Test
    void aFailedDeliveryResentAsSentIsAcknowledgedUnderTheSameDocumentId() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("retry.max-attempts", "1"))) {
            AtomicBoolean refuse = new AtomicBoolean(true);
            gw.client.sftp().onUploadStarting(f -> {
                if (refuse.get()) {
                    throw new IOException("simulated: disk full");
                }
            });
            gw.putExport("orders_20261125-231000.csv", demoOrders());
            gw.run();
            List<LedgerDocument> failed = gw.documents();
            assertThat(failed).allMatch(d -> d.status() == DocumentStatus.FAILED);

            refuse.set(false);
            List<Long> ids = failed.stream().map(LedgerDocument::pk).toList();
            RunReport resent = gw.resend(ids, Resender.Mode.AS_SENT, false, "server has disk space again");
            assertThat(gw.orders(resent).delivered()).isEqualTo(4);
            List<LedgerDocument> after = gw.documents();
            assertThat(after).hasSize(4).allMatch(d -> d.status() == DocumentStatus.SENT);
            // same document ids: no second document for an unchanged business fact
            assertThat(after).extracting(LedgerDocument::documentId)
                    .containsExactlyElementsOf(failed.stream().map(LedgerDocument::documentId).toList());

            // the acknowledgements are on the server until they are recorded
            assertThat(Files.list(gw.client.sftp().mlrDir())).hasSize(4);
            RunReport acks = gw.collectAcks();
            assertThat(acks.acknowledgements().accepted()).isEqualTo(4);
            assertThat(Files.list(gw.client.sftp().mlrDir())).isEmpty();
            assertThat(gw.documents()).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
            assertThat(gw.ledger.acks(ids.get(0))).singleElement().satisfies(a -> assertThat(a.responseCode()).isEqualTo("AP"));
            assertThat(gw.ledger.resendHistory(ids.get(0))).singleElement().satisfies(r -> {
                assertThat(r.osUser()).isEqualTo("tester");
                assertThat(r.reason()).isEqualTo("server has disk space again");
                assertThat(r.mode()).isEqualTo("AS_SENT");
            });
        }
    }

    @Test
    void aRejectedDocumentFixedInTheProfileIsResentReRenderedUnderANewIdAndAccepted() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.client.sftp().rejectItemCodes(List.of("K-60012"));
            gw.putExport("orders_20261125-231000.csv", demoOrders());
            RunReport first = gw.run();
            assertThat(first.acknowledgements().rejected()).isEqualTo(1);
            assertThat(first.exitCode()).isEqualTo(1);
            LedgerDocument rejected = gw.documents().stream().filter(d -> d.status() == DocumentStatus.REJECTED)
                    .findFirst().orElseThrow();
            assertThat(rejected.ackReasons()).contains("unknown client item code K-60012");

            var fixed = gw.client.config(Path.of("config/gateway.properties"), Map.of(
                    "inbox.stable-after", "0s", "orders.client-item-code.K-60012", "K-60112"));
            gw.resend(List.of(rejected.pk()), Resender.Mode.RERENDER, false, "item code renamed by the client", fixed);
            gw.collectAcks();

            LedgerDocument old = gw.ledger.document(rejected.pk()).orElseThrow();
            assertThat(old.status()).isEqualTo(DocumentStatus.SUPERSEDED);
            LedgerDocument fresh = gw.ledger.document(old.supersededBy()).orElseThrow();
            assertThat(fresh.documentId()).isNotEqualTo(old.documentId());
            assertThat(fresh.businessKey()).isEqualTo(old.businessKey());
            assertThat(fresh.payload()).contains("K-60112").doesNotContain("K-60012");
            assertThat(fresh.status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(gw.ledger.resendHistory(fresh.pk())).singleElement()
                    .satisfies(r -> assertThat(r.newDocumentPk()).isEqualTo(fresh.pk()));
        }
    }

    @Test
    void messagesAndShowTellTheFinalState() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = dir.resolve("gw");
            Files.createDirectories(work);
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(work, client);
            assertThat(CommandLineTest.execute("run", "--config", gateway.toString()).exitCode()).isZero();

            var list = CommandLineTest.execute("messages", "--config", gateway.toString(), "--type", "ORDER_RESPONSE");
            assertThat(list.exitCode()).isZero();
            assertThat(list.out()).contains("ACCEPTED", "PO-88001/VO-2026-004711", "per status: ACCEPTED 4", "showing 4 of 4");
            assertThat(list.out().lines()).allMatch(l -> l.length() <= 120);
            var byOrder = CommandLineTest.execute("messages", "--config", gateway.toString(), "--key", "VO-2026-004712");
            assertThat(byOrder.out()).contains("PO-88002/VO-2026-004712", "showing 1 of 1");
            var showByOrder = CommandLineTest.execute("show", "--config", gateway.toString(), "VO-2026-004711");
            assertThat(showByOrder.exitCode()).as(showByOrder.err()).isZero();
            assertThat(showByOrder.out()).contains("document #1  ORDER_RESPONSE");
            var several = CommandLineTest.execute("show", "--config", gateway.toString(), "PO-8800");
            assertThat(several.exitCode()).isEqualTo(2);
            assertThat(several.err()).contains("documents have PO-8800 in their business key", "#1 PO-88001/VO-2026-004711");
            var json = CommandLineTest.execute("messages", "--config", gateway.toString(), "--json", "--status", "SENT");
            assertThat(json.out()).contains("\"documents\"", "\"PROGRESS_REPORT\"", "\"SENT\" : 3");

            var show = CommandLineTest.execute("show", "--config", gateway.toString(), "1");
            assertThat(show.exitCode()).isZero();
            assertThat(show.out()).contains("document #1  ORDER_RESPONSE  ACCEPTED", "orders_20261125-231000.csv, line 2",
                    "1. ", "SFTP  SENT", "AP  MLR_", "<cbc:OrderResponseCode>AP</cbc:OrderResponseCode>",
                    "\"ordernummer\" : \"VO-2026-004711\"");
            var missing = CommandLineTest.execute("show", "--config", gateway.toString(), "9999");
            assertThat(missing.exitCode()).isEqualTo(2);
            assertThat(missing.err()).contains("no document #9999");

            // dry run: lists, changes nothing
            String before = ledgerState(work);
            var dry = CommandLineTest.execute("resend", "--config", gateway.toString(), "--type", "ORDER_RESPONSE",
                    "--reason", "check", "--dry-run");
            assertThat(dry.out()).contains("would skip   #1", "accepted by the client: not resent without --force",
                    "dry run: 0 of 4 document(s) would go out");
            assertThat(ledgerState(work)).isEqualTo(before);

            // an accepted document is refused without --force, and the refusal is recorded
            var refused = CommandLineTest.execute("resend", "--config", gateway.toString(), "1", "--reason", "again?");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.out()).as(refused.err()).contains("not resent #1", "--force");
            var noReason = CommandLineTest.execute("resend", "--config", gateway.toString(), "1");
            assertThat(noReason.exitCode()).isEqualTo(2);
            assertThat(noReason.err()).contains("--reason");
        }
    }

    /** Every status and timestamp of every document, and how many resends exist. */
    static String ledgerState(Path work) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "");
             var c = DriverManager.getConnection("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "");
             var s = c.createStatement();
             var rs = s.executeQuery("SELECT id, status, updated_at, attempts, document_id"
                     + " FROM document d JOIN document_state x ON x.document_pk = d.id ORDER BY id")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(rs.getString(2)).append(rs.getString(3)).append(rs.getString(4))
                        .append(rs.getString(5)).append('\n');
            }
            try (var r2 = s.executeQuery("SELECT COUNT(*) FROM resend")) {
                r2.next();
                sb.append("resends ").append(r2.getLong(1));
            }
        }
        return sb.toString();
    }
}
