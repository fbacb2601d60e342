package nl.edigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.invoices.Invoice;
import nl.edigate.model.Rejection;

/**
 * The Invoices table of erp-export.md, rule by rule (issue 14): each bad invoice is rejected whole, with
 * file, line, column and reason; the good ones (an invoice to the municipality, a credit note, a
 * reverse-charge invoice to a builder) come through; a total one cent off is refused with both amounts.
 */
public class BadInvoiceRecordsTest {
    static final List<String> COLUMNS = List.of("factuurnummer", "soort", "factuurdatum", "vervaldatum",
            "klant_id_schema", "klant_id", "klant_naam", "klant_btw", "klant_referentie", "klant_ordernummer",
            "contractnummer", "project", "origineel_factuurnummer", "regelnummer", "omschrijving", "artikelcode",
            "aantal", "eenheid", "prijs", "btw", "totaal_incl_btw");

    /** A valid row of the municipality's invoice: 12 hours at 65,50 plus 21 % = 951,06. */
    public static Map<String, String> row(String number, String... changes) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("factuurnummer", number);
        r.put("soort", "FACTUUR");
        r.put("factuurdatum", "25-11-2026");
        r.put("vervaldatum", "25-12-2026");
        r.put("klant_id_schema", "0190");
        r.put("klant_id", "00000001234567890000");
        r.put("klant_naam", "Gemeente Voorbeeldstad");
        r.put("klant_btw", "");
        r.put("klant_referentie", "GV-REF-2026-88");
        r.put("klant_ordernummer", "PO-7781");
        r.put("contractnummer", "RC-2026-0100");
        r.put("project", "P-2026-050");
        r.put("origineel_factuurnummer", "");
        r.put("regelnummer", "1");
        r.put("omschrijving", "Renovatie fase 1");
        r.put("artikelcode", "ART-1");
        r.put("aantal", "12");
        r.put("eenheid", "uur");
        r.put("prijs", "65,50");
        r.put("btw", "21");
        r.put("totaal_incl_btw", "951,06");
        for (int i = 0; i + 1 < changes.length; i += 2) {
            r.put(changes[i], changes[i + 1]);
        }
        return r;
    }

    public static String csv(List<Map<String, String>> rows) {
        StringBuilder sb = new StringBuilder(String.join(";", COLUMNS)).append('\n');
        for (Map<String, String> r : rows) {
            List<String> values = new ArrayList<>();
            COLUMNS.forEach(c -> values.add(r.getOrDefault(c, "")));
            sb.append(String.join(";", values)).append('\n');
        }
        return sb.toString();
    }

    /** One bad invoice: its rows, and the column and reason its rejection must name. */
    public record Bad(String column, String reason, List<Map<String, String>> rows) {
    }

    static Bad bad(String column, String reason, String... changes) {
        return new Bad(column, reason, List.of(row("F-BAD-" + column + "-" + Math.abs(reason.hashCode() % 10000), changes)));
    }

    /** 25+ bad invoices, one per rule, each with the column and reason its rejection names. */
    public static List<Bad> badInvoices() {
        List<Bad> bad = new ArrayList<>(List.of(
                bad("soort", "is not one of FACTUUR, CREDITNOTA", "soort", "NOTA"),
                bad("factuurdatum", "is required but empty", "factuurdatum", ""),
                bad("factuurdatum", "is not a date in the form dd-MM-yyyy", "factuurdatum", "2026-11-25"),
                bad("vervaldatum", "lies before the factuurdatum", "vervaldatum", "24-11-2026"),
                bad("klant_id_schema", "is not one of 0190 (OIN), 0106 (KvK), 0088 (GLN)", "klant_id_schema", "9925"),
                bad("klant_id", "is not an OIN: 20 digits", "klant_id", "1234"),
                bad("klant_id", "is not a KvK number: 8 digits", "klant_id_schema", "0106", "klant_id", "123456789",
                        "klant_referentie", ""),
                bad("klant_id", "is not a GLN", "klant_id_schema", "0088", "klant_id", "8798765000009"),
                bad("klant_naam", "is required but empty", "klant_naam", ""),
                bad("klant_referentie", "is required for a buyer identified by OIN", "klant_referentie", ""),
                bad("klant_btw", "is required: line 1 is VERLEGD", "btw", "VERLEGD", "totaal_incl_btw", "786,00"),
                bad("klant_btw", "is not a VAT number", "klant_btw", "123"),
                bad("origineel_factuurnummer", "is required on a CREDITNOTA", "soort", "CREDITNOTA"),
                bad("origineel_factuurnummer", "is only allowed on a CREDITNOTA", "origineel_factuurnummer", "F-1"),
                bad("regelnummer", "is not a positive whole number", "regelnummer", "0"),
                bad("omschrijving", "at most 200 are allowed", "omschrijving", "x".repeat(201)),
                bad("omschrijving", "is required but empty", "omschrijving", ""),
                bad("aantal", "is 0", "aantal", "0"),
                bad("aantal", "has more than 4 decimals", "aantal", "1,12345"),
                bad("aantal", "on a CREDITNOTA too the quantity is positive", "soort", "CREDITNOTA",
                        "origineel_factuurnummer", "F-1", "aantal", "-12"),
                bad("eenheid", "is not one of st, m", "eenheid", "hour"),
                bad("prijs", "is negative", "prijs", "-1"),
                bad("prijs", "is not a number with a decimal comma", "prijs", "65.50"),
                bad("btw", "is not one of 21, 9, 0 or VERLEGD", "btw", "19"),
                bad("totaal_incl_btw", "has more than 2 decimals", "totaal_incl_btw", "951,061"),
                bad("totaal_incl_btw", "differs from the total computed from the lines, 951.06", "totaal_incl_btw", "951,07"),
                bad("omschrijving", "contains the control character U+0007", "omschrijving", "bel\u0007")));
        // two rows of one invoice that disagree, and two lines with one number
        bad.add(new Bad("klant_naam", "disagrees with 'Gemeente Voorbeeldstad' on line", List.of(
                row("F-BAD-TWO"), row("F-BAD-TWO", "regelnummer", "2", "klant_naam", "Gemeente Elders"))));
        bad.add(new Bad("regelnummer", "line number 1 already used on line", List.of(
                row("F-BAD-DUP", "totaal_incl_btw", "1902,12"), row("F-BAD-DUP", "totaal_incl_btw", "1902,12"))));

        return bad;
    }

    @Test
    void everyRuleRejectsItsWholeInvoiceWithFileLineColumnAndReason(@TempDir Path dir) throws Exception {
        List<Bad> bad = badInvoices();
        List<Map<String, String>> rows = new ArrayList<>();
        // the good ones: the municipality's invoice (two rates), a credit note, reverse charge to a builder
        rows.add(row("F-2026-001234", "totaal_incl_btw", "991,12"));
        rows.add(row("F-2026-001234", "regelnummer", "2", "aantal", "3", "prijs", "12,25", "btw", "9",
                "totaal_incl_btw", "991,12"));
        rows.add(row("C-2026-000017", "soort", "CREDITNOTA", "origineel_factuurnummer", "F-2026-001200",
                "aantal", "2", "totaal_incl_btw", "158,51"));
        rows.add(row("F-2026-001300", "klant_id_schema", "0106", "klant_id", "87654321", "klant_naam", "Bouwbedrijf Noord",
                "klant_btw", "NL987654321B01", "klant_referentie", "", "btw", "VERLEGD", "totaal_incl_btw", "786,00"));
        Map<String, Long> firstLineOf = new LinkedHashMap<>();
        for (Bad b : bad) {
            firstLineOf.put(b.rows().get(0).get("factuurnummer"), rows.size() + 2L);
            rows.addAll(b.rows());
        }
        Path file = Files.writeString(dir.resolve("invoices_20261125-231000.csv"), csv(rows), StandardCharsets.UTF_8);

        InvoiceFileReader reader = new InvoiceFileReader(StandardCharsets.UTF_8);
        List<Invoice> invoices = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        InvoiceFileReader.Stats stats = reader.read(file, reader.prescan(file), invoices::add, rejections::add);

        assertThat(invoices).extracting(Invoice::number).containsExactly("F-2026-001234", "C-2026-000017", "F-2026-001300");
        assertThat(invoices.get(0).lines()).hasSize(2);
        assertThat(invoices.get(2).lines().get(0).category()).isEqualTo(Invoice.VatCategory.AE);
        assertThat(stats.invoices).isEqualTo(3 + bad.size());
        assertThat(stats.invoicesRejected).isEqualTo(bad.size());
        assertThat(bad).hasSizeGreaterThanOrEqualTo(25);
        for (Bad b : bad) {
            String number = b.rows().get(0).get("factuurnummer");
            assertThat(rejections).as(number + " " + b.reason())
                    .anySatisfy(r -> {
                        assertThat(r.file()).isEqualTo("invoices_20261125-231000.csv");
                        assertThat(r.businessKey()).isEqualTo(number);
                        assertThat(r.field()).isEqualTo(b.column());
                        assertThat(r.reason()).contains(b.reason());
                        assertThat(r.line()).isBetween(firstLineOf.get(number), firstLineOf.get(number) + b.rows().size() - 1);
                    });
        }
    }

    @Test
    void anInvoiceTooLargeForTheAccessPointIsRejectedWhileReadAndTheInvoiceAfterItComesThrough(@TempDir Path dir)
            throws Exception {
        // the municipality's invoice of 20,000 lines (...;1;uur;1;21;24200,00 per line): some 14 MiB as SI-UBL
        StringBuilder csv = new StringBuilder(String.join(";", COLUMNS)).append('\n');
        for (int i = 1; i <= 20_000; i++) {
            Map<String, String> r = row("F-2026-009999", "regelnummer", Integer.toString(i), "aantal", "1",
                    "eenheid", "uur", "prijs", "1", "btw", "21", "totaal_incl_btw", "24200,00");
            csv.append(String.join(";", COLUMNS.stream().map(c -> r.getOrDefault(c, "")).toList())).append('\n');
        }
        Map<String, String> good = row("F-2026-010000");
        csv.append(String.join(";", COLUMNS.stream().map(c -> good.getOrDefault(c, "")).toList())).append('\n');
        Path file = Files.writeString(dir.resolve("invoices_20261125-231000.csv"), csv, StandardCharsets.UTF_8);

        InvoiceFileReader reader = new InvoiceFileReader(StandardCharsets.UTF_8);
        List<Invoice> invoices = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        InvoiceFileReader.Stats stats = reader.read(file, reader.prescan(file), invoices::add, rejections::add);

        assertThat(stats.rows).isEqualTo(20_001);
        assertThat(invoices).extracting(Invoice::number).containsExactly("F-2026-010000");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.field()).isEqualTo("(invoice)");
            assertThat(r.businessKey()).isEqualTo("F-2026-009999");
            assertThat(r.reason()).contains("has 20000 lines", "more than the 10 MiB the access point takes");
        });
    }

    @Test
    void anIdentifierWithALineBreakIsRefusedSoThatNoOperatorTableCanBeForged(@TempDir Path dir) throws Exception {
        Map<String, String> forged = row("F-NL\n99     ACCEPTED   forged");
        Map<String, String> good = row("F-2026-010001");
        StringBuilder csv = new StringBuilder(String.join(";", COLUMNS)).append('\n');
        for (Map<String, String> r : List.of(forged, good)) {
            csv.append(String.join(";", COLUMNS.stream().map(c -> {
                String v = r.getOrDefault(c, "");
                return v.contains("\n") ? "\"" + v + "\"" : v;
            }).toList())).append('\n');
        }
        Path file = Files.writeString(dir.resolve("invoices_20261125-231000.csv"), csv, StandardCharsets.UTF_8);
        InvoiceFileReader reader = new InvoiceFileReader(StandardCharsets.UTF_8);
        List<Invoice> invoices = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        reader.read(file, reader.prescan(file), invoices::add, rejections::add);
        assertThat(invoices).extracting(Invoice::number).containsExactly("F-2026-010001");
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.field()).isEqualTo("factuurnummer");
            assertThat(r.reason()).contains("line break or tab (U+000A)");
        });
    }
}
