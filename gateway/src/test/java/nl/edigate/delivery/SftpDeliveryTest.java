package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.sftp.common.SftpConstants;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.Mlr;
import nl.edigate.simulator.SshKeys;
import nl.edigate.validation.PeppolValidator;

/**
 * Delivery to a real SFTP server (Apache MINA SSHD) that the test starts, with a real H2 ledger.
 * <p>Over 300 lines: one test per delivery rule of the first client's SFTP contract, on the same harness.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class SftpDeliveryTest {

    @TempDir
    Path dir;

    static String demoExport() throws IOException {
        try (var in = SftpDeliveryTest.class.getResourceAsStream("/demo/orders_20261125-231000.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The demo's four orders taken in, not yet delivered. */
    private GatewayHarness demoTakenIn() throws IOException {
        GatewayHarness gw = GatewayHarness.start(dir);
        gw.putExport("orders_20261125-231000.csv", demoExport());
        gw.runtime.nightlyRun().intakeOnly();
        return gw;
    }

    /** An export of {@code n} orders numbered from {@code prefix}01, each of {@code lines} lines. */
    private static String orders(String prefix, int n, int lines) {
        OrdersCsv csv = new OrdersCsv();
        for (int i = 1; i <= n; i++) {
            csv.addOrder(prefix + (i < 10 ? "0" : "") + i, lines);
        }
        return csv.build();
    }

    /** The name the first client's contract gives a document's file. */
    private static String finalName(LedgerDocument d) {
        return "ORDRSP_8712345000004_" + d.documentId() + ".xml";
    }

    @Test
    void deliversValidT76DocumentsUnderTheirFinalNamesAndLeavesNoPartFile() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-231000.csv", demoExport());
            RunReport report = gw.run();

            assertThat(report.exitCode()).as(report.toText()).isZero();
            assertThat(gw.orders(report).delivered()).isEqualTo(4);
            List<LedgerDocument> docs = gw.documents();
            // delivered, and accepted by the client's MLR that the run collected
            assertThat(docs).hasSize(4).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
            assertThat(gw.remoteFiles()).noneMatch(n -> n.endsWith(".part")).hasSize(4);
            assertThat(Files.list(gw.client.sftp().orderResponseDir())).isEmpty();
            for (LedgerDocument d : docs) {
                assertThat(d.remoteName()).isEqualTo(finalName(d));
                Path file = gw.received(d.remoteName());
                String xml = Files.readString(file);
                assertThat(xml).isEqualTo(d.payload()).contains("<cbc:ID>" + d.documentId() + "</cbc:ID>");
                assertThat(PeppolValidator.get().validate(PeppolValidator.ORDER_RESPONSE, xml)).isEmpty();
                List<Attempt> attempts = gw.ledger.attempts(d.pk());
                assertThat(attempts).singleElement().satisfies(a -> {
                    assertThat(a.outcome()).isEqualTo("SENT");
                    assertThat(a.channel()).isEqualTo("SFTP");
                });
            }
            assertThat(gw.client.sftp().verdicts()).hasSize(4).allMatch(v -> v.accepted());
            // one session for the whole delivery batch, closed before the acknowledgement pass, whose polls
            // (the four MLRs, then nothing more) connect one at a time
            assertThat(gw.client.sftp().sessionsOpened()).isEqualTo(3);
            assertThat(gw.client.sftp().maxConcurrentSessions()).isEqualTo(1);
            // the export was archived, not deleted
            assertThat(Files.list(gw.config.inboxDir())).isEmpty();
            try (var walk = Files.walk(gw.config.archiveDir())) {
                assertThat(walk.filter(p -> p.getFileName().toString().equals("orders_20261125-231000.csv"))).hasSize(1);
            }
        }
    }

    @Test
    void aSecondRunOverTheSameExportDeliversNothing() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-231000.csv", demoExport());
            assertThat(gw.orders(gw.run()).delivered()).isEqualTo(4);

            // the ERP repeats unchanged orders in the next nightly export
            gw.putExport("orders_20261126-231000.csv", demoExport());
            RunReport second = gw.run();
            assertThat(gw.orders(second).skippedUnchanged()).isEqualTo(4);
            assertThat(gw.orders(second).created()).isZero();
            assertThat(gw.orders(second).delivered()).isZero();
            assertThat(second.exitCode()).isZero();
            assertThat(gw.remoteFiles()).hasSize(4);
            assertThat(gw.documents()).hasSize(4);
        }
    }

    @Test
    void oneChangedOrderDeliversExactlyOneNewDocument() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-231000.csv", demoExport());
            gw.run();
            LedgerDocument before = gw.documents().stream()
                    .filter(d -> d.businessKey().equals("PO-88004/VO-2026-004714")).findFirst().orElseThrow();

            gw.putExport("orders_20261126-231000.csv", demoExport().replace("14,25;m3", "15;m3"));
            RunReport second = gw.run();

            assertThat(gw.orders(second).created()).isEqualTo(1);
            assertThat(gw.orders(second).skippedUnchanged()).isEqualTo(3);
            assertThat(gw.orders(second).delivered()).isEqualTo(1);
            assertThat(gw.remoteFiles()).hasSize(5);
            LedgerDocument after = gw.ledger.latestForKey(gw.config.client().id(), before.docType(),
                    before.businessKey()).orElseThrow();
            assertThat(after.documentId()).isNotEqualTo(before.documentId());
            assertThat(after.status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(gw.ledger.document(before.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.ACCEPTED);
        }
    }

    @Test
    void aWrongHostKeyDeliversNothingAndSaysWhy() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            // the server presents another key than the one the client published
            Files.writeString(gw.client.knownHosts(), SshKeys.knownHostsLine("127.0.0.1", gw.client.sftp().port(),
                    SshKeys.generateEd25519().getPublic()) + "\n");
            gw.putExport("orders_20261125-231000.csv", demoExport());
            RunReport report = gw.run();

            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(gw.remoteFiles()).isEmpty();
            assertThat(gw.orders(report).delivered()).isZero();
            assertThat(gw.orders(report).deliveryStopped()).contains("host key");
            assertThat(report.toText()).contains("DELIVERY STOPPED", "host key");
            List<LedgerDocument> docs = gw.documents();
            assertThat(docs).hasSize(4).allMatch(d -> d.status() == DocumentStatus.FAILED)
                    .allMatch(d -> d.lastError().contains("host key"));
            // the fingerprints side by side: the key the server offered and the one known_hosts expects
            assertThat(docs.get(0).lastError()).containsPattern("The server offered ssh-ed25519 SHA256:\\S+; .*known_hosts"
                    + " expects ssh-ed25519 SHA256:\\S+\\.");
            // permanent: one attempt for the first document, none for the rest; the key is never accepted
            assertThat(gw.ledger.attempts(docs.get(0).pk())).hasSize(1);
            assertThat(gw.ledger.attempts(docs.get(1).pk())).isEmpty();
            assertThat(Files.readAllLines(gw.client.knownHosts())).hasSize(1);
        }
    }

    @Test
    void aKeyTheServerRefusesFailsAtOnceWithoutRetries() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            // our key file now holds a key the client never authorised
            SshKeys.writePrivateKey(SshKeys.generateEd25519(),
                    gw.client.workDir().resolve("keys/edigate_ed25519"));
            gw.putExport("orders_20261125-231000.csv", demoExport());
            RunReport report = gw.run();

            assertThat(gw.remoteFiles()).isEmpty();
            assertThat(gw.orders(report).deliveryStopped()).contains("AUTHENTICATION");
            List<LedgerDocument> docs = gw.documents();
            assertThat(docs).allMatch(d -> d.status() == DocumentStatus.FAILED);
            assertThat(gw.ledger.attempts(docs.get(0).pk())).hasSize(1);
        }
    }

    @Test
    void documentsACrashLeftInSendingAreNeverUploadedTwiceButSettledByTheAcknowledgementOrAResend() throws Exception {
        try (GatewayHarness gw = demoTakenIn()) {
            List<LedgerDocument> docs = gw.documents();
            long run = gw.ledger.startRun("crashed");
            // crash 1: the upload completed and the client's importer took it; the process died before recording it
            LedgerDocument uploaded = docs.get(0);
            gw.ledger.beginAttempt(uploaded.pk(), run, "SFTP");
            Files.writeString(gw.received(finalName(uploaded)), uploaded.payload());
            Files.writeString(gw.client.sftp().mlrDir().resolve("MLR_crash1.xml"), Mlr.write(
                    "MLR-c1", uploaded.documentId(), "8798765000008", "8712345000004", "AP", null, List.of()));
            // crash 2: the process died before a byte left
            LedgerDocument lost = docs.get(1);
            gw.ledger.beginAttempt(lost.pk(), run, "SFTP");

            RunReport report = gw.run();

            // neither is uploaded again by itself; the acknowledgement settles the first
            assertThat(gw.orders(report).uncertain()).isEqualTo(2);
            assertThat(gw.orders(report).delivered()).isEqualTo(2);
            assertThat(gw.ledger.document(uploaded.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(gw.ledger.document(lost.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.UNCERTAIN);
            assertThat(gw.ledger.attempts(lost.pk())).singleElement()
                    .satisfies(a -> assertThat(a.outcome()).isEqualTo("INTERRUPTED"));
            assertThat(gw.remoteFiles()).hasSize(3);
            // the operator resends the one the client does not have: delivered once
            gw.resend(List.of(lost.pk()), Resender.Mode.AS_SENT, false, "lost in a crash");
            gw.collectAcks();
            assertThat(gw.remoteFiles()).hasSize(4);
            assertThat(gw.documents()).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
        }
    }

    @Test
    void anExistingRemoteFileIsNeverOverwritten() throws Exception {
        try (GatewayHarness gw = demoTakenIn()) {
            LedgerDocument victim = gw.documents().get(1);
            String name = finalName(victim);
            Path existing = gw.client.sftp().orderResponseDir().resolve(name);
            Files.writeString(existing, "the client's own file");

            RunReport report = gw.runtime.nightlyRun().deliverOnly();

            assertThat(Files.readString(existing)).isEqualTo("the client's own file");
            LedgerDocument after = gw.ledger.document(victim.pk()).orElseThrow();
            assertThat(after.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(after.lastError()).contains("already exists", "not overwritten");
            assertThat(gw.orders(report).delivered()).isEqualTo(3);
            assertThat(gw.orders(report).failed()).isEqualTo(1);
            assertThat(gw.remoteFiles()).hasSize(4).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void eachUploadAsksOnlyAboutItsFinalNameAndOverwritesALeftoverTemporaryFile() throws Exception {
        try (GatewayHarness gw = demoTakenIn()) {
            LedgerDocument first = gw.documents().get(0);
            String name = finalName(first);
            // an upload broken off in an earlier night left a longer temporary file
            Files.writeString(gw.client.sftp().orderResponseDir().resolve(name + ".part"), "x".repeat(20_000));
            var server = gw.client.sftp();
            int stats = server.requestsReceived(SftpConstants.SSH_FXP_STAT) + server.requestsReceived(SftpConstants.SSH_FXP_LSTAT);
            int opens = server.requestsReceived(SftpConstants.SSH_FXP_OPEN);

            RunReport report = gw.runtime.nightlyRun().deliverOnly();

            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(4);
            // one question a file, whether its final name exists (camel-ftp alone also asks twice about
            // the temporary name), and one open: a request less each is a round trip less each
            assertThat(server.requestsReceived(SftpConstants.SSH_FXP_STAT)
                    + server.requestsReceived(SftpConstants.SSH_FXP_LSTAT) - stats).isEqualTo(4);
            assertThat(server.requestsReceived(SftpConstants.SSH_FXP_OPEN) - opens).isEqualTo(4);
            // the leftover was truncated and written, not appended to
            assertThat(Files.readString(gw.received(name))).isEqualTo(first.payload());
            assertThat(gw.remoteFiles()).hasSize(4).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aSessionThatCarriedAFileJustNowGetsNoKeepAliveBeforeTheNext() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-231000.csv", orders("VO-2026-2000", 12, 1));
            gw.runtime.nightlyRun().intakeOnly();
            int before = gw.client.sftp().keepAlivesReceived();

            RunReport report = gw.runtime.nightlyRun().deliverOnly();

            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(12);
            // camel-ftp alone sends one before every file on a session already open (eleven here, measured);
            // now only where a second passed between two files of a session
            assertThat(gw.client.sftp().keepAlivesReceived() - before).isLessThan(5);
        }
    }

    @Test
    void theServerGoingAwayMidBatchLeavesTheRestFailedWithTheReasonAndLosesNothing() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-231000.csv", orders("VO-2026-1000", 10, 2));
            AtomicInteger uploads = new AtomicInteger();
            gw.client.sftp().onUploadStarting(file -> {
                if (uploads.incrementAndGet() >= 4) {
                    new Thread(gw.client.sftp()::stop).start();
                    throw new IOException("simulated: the server goes away");
                }
            });

            RunReport report = gw.run();

            List<LedgerDocument> docs = gw.documents();
            assertThat(docs).hasSize(10);
            assertThat(docs).filteredOn(d -> d.status() == DocumentStatus.SENT).hasSize(3);
            assertThat(docs).filteredOn(d -> d.status() == DocumentStatus.FAILED).hasSize(7)
                    .allMatch(d -> d.lastError() != null && !d.lastError().isBlank());
            assertThat(gw.orders(report).failed()).isEqualTo(7);
            assertThat(report.exitCode()).isEqualTo(1);
            // the ledger agrees with the server: exactly the SENT documents lie there under their final names
            List<String> finals = gw.remoteFiles().stream().filter(n -> !n.endsWith(".part")).toList();
            assertThat(finals).containsExactlyInAnyOrderElementsOf(docs.stream()
                    .filter(d -> d.status() == DocumentStatus.SENT).map(LedgerDocument::remoteName).toList());
            // the document in flight was retried, then given up with the number of attempts
            LedgerDocument inFlight = docs.stream().filter(d -> d.status() == DocumentStatus.FAILED)
                    .filter(d -> d.attempts() > 0).findFirst().orElseThrow();
            assertThat(gw.ledger.attempts(inFlight.pk())).hasSize(3).allMatch(a -> a.outcome().equals("FAILED"));
            assertThat(inFlight.lastError()).contains("3 attempts in this run");
            assertThat(docs).filteredOn(d -> d.attempts() == 0).hasSize(6)
                    .allMatch(d -> d.lastError().startsWith("not attempted: "));
        }
    }

    @Test
    void theWholeRunWorksWithTheLedgerOnPostgreSql() throws Exception {
        try (var postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
             GatewayHarness gw = GatewayHarness.start(dir, Map.of("ledger.jdbc-url",
                     postgres.getJdbcUrl("postgres", "postgres"), "ledger.user", "postgres"))) {
            gw.putExport("orders_20261125-231000.csv", demoExport());
            RunReport first = gw.run();
            assertThat(gw.orders(first).delivered()).as(first.toText()).isEqualTo(4);
            gw.putExport("orders_20261126-231000.csv", demoExport());
            RunReport second = gw.run();
            assertThat(gw.orders(second).skippedUnchanged()).isEqualTo(4);
            assertThat(gw.remoteFiles()).hasSize(4);
        }
    }

    @Test
    void configuredOverridesReachTheEndpoint() throws Exception {
        // a client profile with another remote folder is honoured (and a missing folder fails clearly)
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("sftp.remote-dir", "/in/elsewhere"))) {
            gw.putExport("orders_20261125-231000.csv", demoExport());
            RunReport report = gw.run();
            assertThat(gw.orders(report).delivered()).isZero();
            assertThat(gw.documents()).allMatch(d -> d.status() == DocumentStatus.FAILED);
            assertThat(gw.documents().get(0).lastError()).contains("PERMISSION", "remote folder does not exist");
        }
    }
}
