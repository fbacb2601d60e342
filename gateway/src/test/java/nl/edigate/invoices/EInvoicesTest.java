package nl.edigate.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.intake.BadInvoiceRecordsTest;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.operators.Resender;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.AccessPointSimulator.Response;
import nl.edigate.simulator.AccessPointSimulator;
import nl.edigate.validation.SiUblValidator;

/**
 * Issue 14's first Done-when, end to end against the access point simulator over mutual TLS: one export
 * with the municipality's invoices (one it accepts and pays, a credit note, one it rejects), a reverse-charge
 * invoice to the consortium (a builder with a profile), an invoice of a buyer without a profile and 25+ bad
 * invoices. The good ones reach the AP once and pass its SI-UBL 2.0 rules; their lifecycle ends as the
 * buyers' Invoice Responses say; each bad one is rejected with file, line, field and reason. Sent once, for
 * ever: the same export again sends nothing, a changed invoice is refused, a paid one is never resent.
 */
@Tag("integration")
class EInvoicesTest {
    private static final String FILE = "invoices_20261125-231000.csv";

    @Test
    void theGoodInvoicesReachTheAccessPointOnceAndEndAsTheBuyersAnswer(@TempDir Path dir) throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.respond("F-2026-001234", Response.of("AB"), Response.of("IP"), Response.of("AP"), Response.of("PD"));
            ap.respond("C-2026-000017", Response.of("AB"), Response.of("AP"));
            ap.respond("F-2026-001300", Response.of("AB"), Response.of("AP"));
            ap.respond("F-2026-001235", Response.of("AB"),
                    new Response("RE", "REF", "Inkoopordernummer PO-9999 is onbekend"));

            List<Map<String, String>> rows = new ArrayList<>();
            rows.add(BadInvoiceRecordsTest.row("F-2026-001234", "totaal_incl_btw", "991,12"));
            rows.add(BadInvoiceRecordsTest.row("F-2026-001234", "regelnummer", "2", "aantal", "3", "prijs", "12,25",
                    "btw", "9", "totaal_incl_btw", "991,12"));
            rows.add(BadInvoiceRecordsTest.row("C-2026-000017", "soort", "CREDITNOTA", "origineel_factuurnummer",
                    "F-2026-001200", "aantal", "2", "totaal_incl_btw", "158,51"));
            rows.add(BadInvoiceRecordsTest.row("F-2026-001235", "klant_ordernummer", "PO-9999"));
            rows.add(BadInvoiceRecordsTest.row("F-2026-001300", "klant_id_schema", "0106", "klant_id", "87654321",
                    "klant_naam", "Bouwcombinatie Noord", "klant_btw", "NL987654321B01", "klant_referentie", "",
                    "btw", "VERLEGD", "totaal_incl_btw", "786,00"));
            // a builder the gateway has no profile for: counted, left alone
            rows.add(BadInvoiceRecordsTest.row("F-2026-001400", "klant_id_schema", "0106", "klant_id", "11112222",
                    "klant_naam", "Aannemer Zonder Profiel", "klant_referentie", ""));
            List<BadInvoiceRecordsTest.Bad> bad = BadInvoiceRecordsTest.badInvoices();
            bad.forEach(b -> rows.addAll(b.rows()));
            g.putExport(FILE, BadInvoiceRecordsTest.csv(rows));

            RunReport report = g.run();

            // the good ones at the AP, once each, valid by the AP's own rules
            assertThat(ap.accepted()).extracting(AccessPointSimulator.Transmission::invoiceNumber)
                    .containsExactlyInAnyOrder("F-2026-001234", "C-2026-000017", "F-2026-001235", "F-2026-001300");
            for (AccessPointSimulator.Transmission t : ap.accepted()) {
                assertThat(SiUblValidator.get().validate(t.typeCode().equals("381") ? SiUblValidator.CREDIT_NOTE
                        : SiUblValidator.INVOICE, t.body())).as(t.invoiceNumber()).isEmpty();
            }
            assertThat(ap.accepted()).filteredOn(t -> t.invoiceNumber().equals("F-2026-001300"))
                    .singleElement().satisfies(t -> {
                        assertThat(t.receiver()).isEqualTo("0106:87654321");
                        assertThat(t.body()).contains(">AE<").contains("BTW verlegd").contains("NL987654321B01");
                    });
            assertThat(ap.accepted()).filteredOn(t -> t.invoiceNumber().equals("C-2026-000017"))
                    .singleElement().satisfies(t -> assertThat(t.body()).contains("<cac:BillingReference>")
                            .contains("F-2026-001200"));

            // each bad one rejected with file, line, field and reason
            RunReport.Section invoices = report.section(InvoiceIntake.DOC_TYPE);
            List<Rejection> rejections = g.ledger.rejections(report.runId());
            for (BadInvoiceRecordsTest.Bad b : bad) {
                String number = b.rows().get(0).get("factuurnummer");
                assertThat(rejections).as(number).anySatisfy(r -> {
                    assertThat(r.file()).isEqualTo(FILE);
                    assertThat(r.businessKey()).isEqualTo(number);
                    assertThat(r.field()).isEqualTo(b.column());
                    assertThat(r.reason()).contains(b.reason());
                    assertThat(r.line()).isPositive();
                });
            }
            assertThat(bad).hasSizeGreaterThanOrEqualTo(25);
            // the section's figure is what it lists, what the ledger holds and /metrics counts
            assertThat(invoices.rejections()).hasSize(rejections.size());
            assertThat(invoices.rejectionCount()).isEqualTo(rejections.size());
            assertThat(report.toText()).contains(String.format("  %-24s %d%n", "rejections", rejections.size()));
            assertThat(report.exitCode()).isEqualTo(1);
            assertThat(report.toText()).contains("result: attention needed (exit code 1): " + rejections.size()
                    + " rejection(s) of INVOICE records in this run");
            assertThat(rejections).anySatisfy(r -> assertThat(r.reason()).contains("951.07").contains("951.06"));
            assertThat(invoices.otherClients()).containsEntry("0106:11112222", 1L);

            // the lifecycle: QUEUED, then SENT with the AS4 receipt, then as the buyers answer
            assertThat(status("F-2026-001234", "gemeente", g.ledger)).isEqualTo(DocumentStatus.QUEUED);
            g.collectAcks(); // the first status request still says QUEUED; the second SENT, and the answers follow
            g.collectAcks();
            assertThat(status("F-2026-001234", "gemeente", g.ledger)).isEqualTo(DocumentStatus.PAID);
            assertThat(status("C-2026-000017", "gemeente", g.ledger)).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(status("F-2026-001300", "bouwcombinatie", g.ledger)).isEqualTo(DocumentStatus.ACCEPTED);
            LedgerDocument rejected = latest("F-2026-001235", "gemeente", g.ledger);
            assertThat(rejected.status()).isEqualTo(DocumentStatus.REJECTED);
            assertThat(rejected.ackReasons()).contains("[REF] Inkoopordernummer PO-9999 is onbekend");
            LedgerDocument paid = latest("F-2026-001234", "gemeente", g.ledger);
            // SENT when the buyer's access point confirmed it, as the AP reports (sentAt), not when we asked
            assertThat(paid.sentAt()).isCloseTo(ap.sentAt(paid.remoteName()), within(1, ChronoUnit.MILLIS));
            assertThat(g.ledger.acks(paid.pk())).extracting(Ledger.Ack::responseCode)
                    .containsExactly("SENT", "AB", "IP", "AP", "PD");
            assertThat(g.ledger.acks(paid.pk()).get(0).reasons()).contains("AS4 receipt as4-");
            assertThat(ap.inboundLeft()).isZero();

            // sent once, for ever: the same export again sends nothing
            g.putExport("invoices_20261126-231000.csv", BadInvoiceRecordsTest.csv(rows));
            RunReport again = g.run();
            assertThat(ap.accepted()).hasSize(4);
            assertThat(again.section(InvoiceIntake.DOC_TYPE).client("gemeente").get(RunReport.Figure.SKIPPED_UNCHANGED))
                    .isEqualTo(3);

            // changed after it was sent: refused with the reason, not sent
            List<Map<String, String>> changed = List.of(BadInvoiceRecordsTest.row("F-2026-001235",
                    "klant_ordernummer", "PO-7781"));
            g.putExport("invoices_20261127-231000.csv", BadInvoiceRecordsTest.csv(changed));
            RunReport third = g.run();
            assertThat(ap.accepted()).hasSize(4);
            assertThat(g.ledger.rejections(third.runId())).singleElement().satisfies(r -> {
                assertThat(r.businessKey()).isEqualTo("F-2026-001235");
                assertThat(r.reason()).contains("was sent before").contains("credit note");
            });

            // the municipality's number again, now for the consortium: the number is the supplier's, for ever
            g.putExport("invoices_20261128-231000.csv", BadInvoiceRecordsTest.csv(List.of(BadInvoiceRecordsTest.row(
                    "F-2026-001235", "klant_id_schema", "0106", "klant_id", "87654321", "klant_naam",
                    "Bouwcombinatie Noord", "klant_btw", "NL987654321B01", "klant_referentie", "", "btw", "VERLEGD",
                    "totaal_incl_btw", "786,00"))));
            RunReport fourth = g.run();
            assertThat(ap.accepted()).hasSize(4);
            assertThat(g.ledger.latestForKey("bouwcombinatie", InvoiceIntake.DOC_TYPE, "F-2026-001235")).isEmpty();
            assertThat(g.ledger.rejections(fourth.runId())).singleElement().satisfies(r -> {
                assertThat(r.businessKey()).isEqualTo("F-2026-001235");
                assertThat(r.reason()).contains("already sent to gemeente", "once, for ever, whoever the buyer",
                        "not sent to bouwcombinatie");
            });

            // a paid invoice is never resent, not even with --force
            g.resend(List.of(paid.pk()), Resender.Mode.AS_SENT, true, "the buyer says it never arrived");
            assertThat(g.lastResend.refused()).isEqualTo(1);
            assertThat(g.ledger.resendHistory(paid.pk())).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).contains("paid by the buyer").contains("not even with --force"));
            assertThat(ap.accepted()).hasSize(4);
        }
    }

    private static LedgerDocument latest(String number, String client, Ledger ledger) {
        return ledger.latestForKey(client, InvoiceIntake.DOC_TYPE, number).orElseThrow();
    }

    private static DocumentStatus status(String number, String client, Ledger ledger) {
        return latest(number, client, ledger).status();
    }

    static Set<String> numbers(List<AccessPointSimulator.Transmission> ts) {
        return ts.stream().map(AccessPointSimulator.Transmission::invoiceNumber).collect(Collectors.toSet());
    }
}
