package nl.edigate.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.intake.BadInvoiceRecordsTest;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.AccessPointSimulator.Hostile;
import nl.edigate.simulator.AccessPointSimulator.Response;
import nl.edigate.simulator.AccessPointSimulator;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.Mlr;

/**
 * What a partner sends can neither block collection for good nor exhaust memory nor hold a run for ever
 * (issue 29): over-long references and ids are kept aside as unmatched with their reason and the files after
 * them go on; an endless or crawling answer ends at its size limit or its call's deadline; a cursor that does
 * not move ends the pass with the reason; a transmission id that cannot be one is a protocol breach.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class HostilePartnersTest {
    private static final String LONG = "X".repeat(300);

    @TempDir
    Path dir;

    private static String invoices(String... numbers) {
        return BadInvoiceRecordsTest.csv(Stream.of(numbers).map(n -> BadInvoiceRecordsTest.row(n)).toList());
    }

    private static LedgerDocument invoice(GatewayHarness g, String number) {
        return g.ledger.latestForKey("gemeente", InvoiceIntake.DOC_TYPE, number).orElseThrow();
    }

    @Test
    void overLongReferencesAndIdsAreKeptAsideUnmatchedAndTheAnswersAfterThemAreRecorded() throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.setQueuedPolls(0);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000060"));
            g.run();
            AccessPointSimulator.Transmission t = ap.accepted().get(0);
            // any Peppol sender can answer with a 300-character reference; the AP can give a 300-character id
            String answer = AccessPointSimulator.invoiceResponse(t, Response.of("AB"));
            ap.addInbound(answer.replace("<cbc:ID>F-2026-000060</cbc:ID>", "<cbc:ID>" + LONG + "</cbc:ID>"));
            ap.addInbound("in-" + LONG, AccessPointSimulator.invoiceResponse(t, Response.of("IP")));
            ap.addInbound(AccessPointSimulator.invoiceResponse(t, Response.of("AP")));

            AckTally pass = g.runtime.accessPointPass().run();
            assertThat(pass.failure()).isNull();
            assertThat(invoice(g, "F-2026-000060").status()).as("the answer after them counts")
                    .isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(ap.inboundLeft()).as("all of them recorded and deleted at the AP").isZero();
            List<Ledger.Ack> unmatched = g.ledger.acks(null).stream().filter(a -> "UNMATCHED".equals(a.outcome())).toList();
            assertThat(unmatched).hasSize(2);
            assertThat(unmatched).anySatisfy(a -> {
                assertThat(a.reasons()).contains("its invoice reference is 300 characters long");
                assertThat(a.documentRef()).hasSizeLessThanOrEqualTo(255).contains("(300 characters)");
            });
            assertThat(unmatched).anySatisfy(a -> {
                assertThat(a.reasons()).contains("breaks the access point's protocol", "303 characters");
                assertThat(a.fileName()).hasSizeLessThanOrEqualTo(255).startsWith("invoice-response-sha256-");
            });
            // a second pass finds nothing more and writes no second copy of anything
            assertThat(g.runtime.accessPointPass().run().collected()).isZero();
        }
    }

    @Test
    void anMlrAndAContrlWithOverLongReferencesAreKeptAsideAndDeletedAndTheNextFileCounts() throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithConsortium(dir, Map.of())) {
            g.client.sftp().setAcknowledge(false);
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-1", 1);
            g.putExport("orders_20261125-231000.csv", csv.build());
            g.run();
            LedgerDocument order = g.documents("opdrachtgever").get(0);
            Path mlr = g.client.sftp().mlrDir();
            Files.writeString(mlr.resolve("MLR_A_long.xml"), Mlr.write("MLR-1", LONG, OrdersCsv.CLIENT_GLN,
                    "8712345000004", "AP", null, List.of()));
            // a partner's file far larger than any acknowledgement: read up to its limit, kept aside, deleted
            try (var huge = Files.newOutputStream(mlr.resolve("MLR_A_huge.xml"))) {
                byte[] block = new byte[1024 * 1024];
                Arrays.fill(block, (byte) '<');
                for (int i = 0; i < 11; i++) {
                    huge.write(block);
                }
            }
            Files.writeString(mlr.resolve("MLR_B_good.xml"), Mlr.write("MLR-2", order.documentId(), OrdersCsv.CLIENT_GLN,
                    "8712345000004", "AP", null, List.of()));
            Path contrl = g.client.translator().outDir();
            Files.writeString(contrl.resolve("CONTRL_X.edi"), "UNA:+.? 'UNB+UNOC:3+" + ClientSimulator.CONSORTIUM_GLN
                    + ":14+8712345000004:14+261125:2310+C9'UNH+1+CONTRL:D:3:UN'UCI+" + "9".repeat(300)
                    + "+8712345000004:14+" + ClientSimulator.CONSORTIUM_GLN + ":14+7'UNT+3+1'UNZ+1+C9'",
                    StandardCharsets.ISO_8859_1);

            RunReport collected = g.collectAcks();
            AckTally t = collected.acknowledgements();
            assertThat(t.failure()).as(collected.toText()).isNull();
            assertThat(t.accepted()).isEqualTo(1);
            assertThat(t.unmatched()).isEqualTo(2);
            assertThat(t.invalid()).isEqualTo(1);
            assertThat(t.problems()).anyMatch(p -> p.contains("MLR_A_huge.xml") && p.contains("larger than 10 MiB"));
            assertThat(g.ledger.document(order.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(t.problems()).anyMatch(p -> p.contains("its document reference is 300 characters long"))
                    .anyMatch(p -> p.contains("its interchange reference is 300 characters long"));
            try (Stream<Path> left = Stream.concat(Files.list(mlr), Files.list(contrl))) {
                assertThat(left).as("nothing stays on the servers to fail the next pass").isEmpty();
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES) // a hang guard, not a speed limit
    void anEndlessAnswerEndsAtItsLimitAndACrawlingOneAtItsDeadlineAndTheRunGoesOn() throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of("ap.call-deadline", "3s"))) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.setQueuedPolls(0);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000061"));
            g.run();
            ap.addInbound(AccessPointSimulator.invoiceResponse(ap.accepted().get(0), Response.of("AB")));

            ap.hostile(Hostile.ENDLESS_BODY, Duration.ZERO);
            AckTally endless = g.runtime.accessPointPass().run();
            assertThat(endless.failure()).contains("the access point").containsAnyOf("longer than", "within 3 s");

            ap.hostile(Hostile.SLOW_BODY, Duration.ofMillis(500)); // one byte every half second: never a read time-out
            AckTally crawling = g.runtime.accessPointPass().run();
            assertThat(crawling.failure()).contains("did not answer within 3 s, the whole call's deadline");
            // the gateway is still itself: the next run goes ahead
            assertThat(g.run().runId()).isPositive();
        }
    }

    @Test
    void aCursorThatDoesNotMoveEndsThePassWithTheReason() throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.setQueuedPolls(0);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000062"));
            g.run();
            ap.addInbound(AccessPointSimulator.invoiceResponse(ap.accepted().get(0), Response.of("AB")));
            ap.hostile(Hostile.STUCK_CURSOR, Duration.ZERO);
            AckTally t = g.runtime.accessPointPass().run();
            assertThat(t.failure()).contains("did not move past cursor", "ask the access point");
            assertThat(ap.requests()).filteredOn(r -> r.path().equals("/api/v2/inbound")).hasSizeLessThanOrEqualTo(3);
            assertThat(invoice(g, "F-2026-000062").status()).isEqualTo(DocumentStatus.RECEIVED);
        }
    }

    @Test
    void aTransmissionIdThatCannotBeOneIsAProtocolBreachNotADelivery() throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.hostile(Hostile.LONG_TRANSMISSION_ID, Duration.ZERO);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000063"));
            RunReport report = g.run();
            LedgerDocument d = invoice(g, "F-2026-000063");
            assertThat(d.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(d.lastError()).contains("PROTOCOL", "breaks the access point's protocol", "300 characters",
                    "ask the access point");
            assertThat(report.section(InvoiceIntake.DOC_TYPE).delivered()).isZero();
            assertThat(report.exitCode()).isEqualTo(1);
            // and it is not posted again by the next run
            g.run();
            assertThat(ap.requests()).filteredOn(r -> r.method().equals("POST")).hasSize(1);
        }
    }
}
