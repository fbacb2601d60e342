package nl.edigate.acks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ProjectsJson;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.Mlr;

/** Acknowledgement files that are broken, hostile or about nothing: a clear message each, nothing lost. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class AcknowledgementTest {

    @TempDir
    Path dir;

    static String oneOrder() {
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder("VO-1", 1);
        return csv.build();
    }

    static List<Path> kept(GatewayHarness gw, String kind) throws Exception {
        Path folder = gw.config.acksDir().resolve(kind);
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void malformedHostileAndUnknownAcknowledgementsAreKeptAsideWithAClearMessage() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            Path mlr = gw.client.sftp().mlrDir();
            Files.writeString(mlr.resolve("MLR_broken.xml"), "<ApplicationResponse><cbc:ID>unclosed");
            Files.writeString(mlr.resolve("MLR_xxe.xml"), "<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                    + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\">&x;</ApplicationResponse>");
            Files.writeString(mlr.resolve("MLR_unknown.xml"),
                    Mlr.write("MLR-9", "no-such-document", "8798765000008", "8712345000004", "AP", null, List.of()));
            Files.writeString(mlr.resolve("MLR_not_t71.xml"),
                    Mlr.write("MLR-8", "x", "8798765000008", "8712345000004", "AP", null, List.of())
                            .replace("urn:fdc:peppol.eu:poacc:bis:mlr:3", "urn:something:else"));

            RunReport report = gw.collectAcks();
            AckTally t = report.acknowledgements();

            assertThat(t.collected()).isEqualTo(4);
            assertThat(t.invalid()).isEqualTo(3);
            assertThat(t.unmatched()).isEqualTo(1);
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_broken.xml: not well-formed XML"));
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_xxe.xml:") && p.contains("DOCTYPE"));
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_unknown.xml: answers document no-such-document"));
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_not_t71.xml: not a valid Peppol MLR (T71)"));
            assertThat(report.toText()).doesNotContain("root:x:0:0");
            assertThat(report.exitCode()).isEqualTo(1);

            // nothing lost: every file kept locally, every one a ledger row; the server is clean
            assertThat(kept(gw, "invalid")).hasSize(3);
            assertThat(kept(gw, "unmatched")).hasSize(1);
            assertThat(gw.ledger.acks(null)).hasSize(4).extracting(Ledger.Ack::outcome)
                    .containsExactlyInAnyOrder("INVALID", "INVALID", "INVALID", "UNMATCHED");
            assertThat(Files.list(mlr)).isEmpty();
        }
    }

    @Test
    void anAcknowledgementThatCannotBeRecordedStaysOnTheServer() throws Exception {
        Path blocked = dir.resolve("acks-blocked");
        Files.writeString(blocked, "a file where the acknowledgements folder should be");
        try (GatewayHarness gw = GatewayHarness.start(dir.resolve("gw"), Map.of("acks.dir", blocked.toString()))) {
            gw.client.sftp().setAcknowledge(false);
            gw.putExport("orders_20261125-231000.csv", oneOrder());
            gw.run();
            LedgerDocument doc = gw.documents().get(0);
            Files.writeString(gw.client.sftp().mlrDir().resolve("MLR_1.xml"),
                    Mlr.write("MLR-1", doc.documentId(), "8798765000008", "8712345000004", "AP", null, List.of()));

            RunReport report = gw.collectAcks();

            assertThat(report.acknowledgements().failure()).contains("MLR_1.xml could not be recorded and stays on the server");
            assertThat(gw.client.sftp().mlrDir().resolve("MLR_1.xml")).exists();
            assertThat(gw.ledger.document(doc.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
        }
    }

    @Test
    void aDocumentWithoutAFinalAcknowledgement24HoursAfterDeliveryIsOverdue() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.client.sftp().setAcknowledge(false);
            gw.putExport("orders_20261125-231000.csv", oneOrder());
            RunReport first = gw.run();
            assertThat(first.openEnds().overdue()).isZero();
            LedgerDocument doc = gw.documents().get(0);
            // the first client's contract: the acknowledgement is due 24 hours after delivery
            assertThat(Duration.between(doc.sentAt(), doc.ackDueAt())).isEqualTo(Duration.ofHours(24));
            try (var c = DriverManager.getConnection(gw.config.jdbcUrl(), "edigate", "");
                 var ps = c.prepareStatement("UPDATE document_state SET sent_at = ?, ack_due_at = ? WHERE document_pk = ?")) {
                ps.setTimestamp(1, Timestamp.from(Instant.now().minus(Duration.ofHours(25))));
                ps.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
                ps.setLong(3, doc.pk());
                ps.executeUpdate();
            }

            RunReport next = gw.run();

            assertThat(next.openEnds().overdue()).isEqualTo(1);
            assertThat(next.exitCode()).isEqualTo(1);
            assertThat(next.toText()).contains("overdue acknowledgements 1", "overdue acknowledgement: #" + doc.pk());
            assertThat(gw.ledger.find(DocumentFilter.all().withOverdueOnly(), 10, 0)).extracting(LedgerDocument::pk)
                    .containsExactly(doc.pk());
            // an AB (received) is not final either; an AP ends it
            Files.writeString(gw.client.sftp().mlrDir().resolve("MLR_AP.xml"),
                    Mlr.write("MLR-2", doc.documentId(), "8798765000008", "8712345000004", "AP", null, List.of()));
            assertThat(gw.collectAcks().openEnds().overdue()).isZero();
            assertThat(gw.ledger.document(doc.pk()).orElseThrow().ackDueAt()).as("the wait is over").isNull();
        }
    }

    /**
     * An acknowledgement counts only from the client, to us, about a document that gets one over this
     * channel, and only while the document waits for one; report and ledger always agree.
     */
    @Test
    void anAcknowledgementFromOtherPartiesOrAboutAReportChangesNothing() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.client.sftp().setAcknowledge(false);
            gw.putExport("orders_20261125-231000.csv", oneOrder());
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-1", "RC-2025-0042").build());
            gw.run();
            LedgerDocument order = gw.documents().get(0);
            LedgerDocument report = gw.reports().get(0);
            assertThat(order.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(report.status()).isEqualTo(DocumentStatus.SENT);
            Path mlr = gw.client.sftp().mlrDir();
            Files.writeString(mlr.resolve("MLR_report.xml"),
                    Mlr.write("MLR-1", report.documentId(), "8798765000008", "8712345000004", "RE", null, List.of()));
            Files.writeString(mlr.resolve("MLR_sender.xml"),
                    Mlr.write("MLR-2", order.documentId(), "8712345000011", "8712345000004", "RE", null, List.of()));
            Files.writeString(mlr.resolve("MLR_receiver.xml"),
                    Mlr.write("MLR-3", order.documentId(), "8798765000008", "8712345000011", "RE", null, List.of()));

            AckTally t = gw.collectAcks().acknowledgements();

            assertThat(t.unmatched()).isEqualTo(3);
            assertThat(t.rejected()).isZero();
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_report.xml: answers " + report.documentId()
                    + ", a PROGRESS_REPORT") && p.contains("gets no acknowledgement over this channel"));
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_sender.xml: is sent by 8712345000011, not by the client"));
            assertThat(t.problems()).anyMatch(p -> p.startsWith("MLR_receiver.xml: is addressed to 8712345000011, not to us"));
            assertThat(gw.ledger.document(order.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
            assertThat(gw.ledger.document(report.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
            assertThat(gw.ledger.acks(null)).extracting(Ledger.Ack::outcome).containsOnly("UNMATCHED");

            // accepted, then a late rejection of the same document: recorded, but the report counts no rejection
            Files.writeString(mlr.resolve("MLR_AP.xml"),
                    Mlr.write("MLR-4", order.documentId(), "8798765000008", "8712345000004", "AP", null, List.of()));
            assertThat(gw.collectAcks().acknowledgements().accepted()).isEqualTo(1);
            Files.writeString(mlr.resolve("MLR_RE.xml"),
                    Mlr.write("MLR-5", order.documentId(), "8798765000008", "8712345000004", "RE", null, List.of()));
            AckTally late = gw.collectAcks().acknowledgements();
            assertThat(late.rejected()).isZero();
            assertThat(late.problems()).singleElement().asString().contains("is ACCEPTED and waits for no acknowledgement");
            assertThat(gw.ledger.document(order.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(gw.ledger.acks(order.pk())).extracting(Ledger.Ack::outcome).contains("NOT_APPLIED");
        }
    }
}
