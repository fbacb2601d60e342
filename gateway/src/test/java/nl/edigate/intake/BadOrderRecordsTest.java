package nl.edigate.intake;

import static nl.edigate.OrdersCsv.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;

/**
 * Every rule of the Orders table broken at least once, in one file between good orders: each
 * rejection names file, line and column, and the good orders are delivered.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class BadOrderRecordsTest {
    static final String FILE = "orders_20261125-231000.csv";

    record Expected(int line, String column, String reason) {
    }

    @TempDir
    Path dir;

    @Test
    void eachBrokenRuleIsRejectedWithFileLineAndFieldWhileGoodOrdersAreDelivered() throws Exception {
        OrdersCsv csv = new OrdersCsv();
        List<Expected> expected = new ArrayList<>();
        csv.addOrder("GOOD-1", 2);

        expected.add(new Expected(csv.add(row("", 1)), "ordernummer", "is required but empty"));
        expected.add(new Expected(csv.add(row("B-02", 1, "orderdatum", "")), "orderdatum", "is required"));
        expected.add(new Expected(csv.add(row("B-03", 1, "orderdatum", "31-02-2026")), "orderdatum", "not a date"));
        expected.add(new Expected(csv.add(row("B-04", 1, "orderdatum", "2026-11-20")), "orderdatum", "dd-MM-yyyy"));
        expected.add(new Expected(csv.add(row("B-05", 1, "klant_ordernummer", "")), "klant_ordernummer", "is required"));
        expected.add(new Expected(csv.add(row("B-06", 1, "klant_gln", "")), "klant_gln", "is required"));
        expected.add(new Expected(csv.add(row("B-07", 1, "klant_gln", "8798765000009")), "klant_gln", "check digit"));
        expected.add(new Expected(csv.add(row("B-08", 1, "klant_gln", "879876500000")), "klant_gln", "13 digits"));
        expected.add(new Expected(csv.add(row("B-09", 1, "status", "ONBEKEND")), "status", "not one of GEACCEPTEERD"));
        expected.add(new Expected(csv.add(row("B-10", 1, "status", "")), "status", "is required"));
        expected.add(new Expected(csv.add(row("B-11", 1, "leverdatum", "")), "leverdatum", "required unless the status is AFGEWEZEN"));
        expected.add(new Expected(csv.add(row("B-12", 1, "leverdatum", "19-11-2026")), "leverdatum", "before the orderdatum"));
        expected.add(new Expected(csv.add(row("B-13", 1, "afleveradres_postcode", "3511LX")), "afleveradres_postcode", "Dutch postcode"));
        expected.add(new Expected(csv.add(row("B-14", 1, "afleveradres_land", "NLD")), "afleveradres_land", "ISO 3166"));
        expected.add(new Expected(csv.add(row("B-15", 1, "afleveradres_land", "XX")), "afleveradres_land", "ISO 3166"));
        expected.add(new Expected(csv.add(row("B-16", 0)), "regelnummer", "positive whole number"));
        expected.add(new Expected(csv.add(row("B-17", 1, "regelnummer", "1,5")), "regelnummer", "positive whole number"));
        expected.add(new Expected(csv.add(row("B-18", 1, "klant_regelnummer", "")), "klant_regelnummer", "is required"));
        expected.add(new Expected(csv.add(row("B-19", 1, "regelstatus", "WEG")), "regelstatus", "not one of ONGEWIJZIGD"));
        expected.add(new Expected(csv.add(row("B-20", 1, "artikelcode", "")), "artikelcode", "is required"));
        expected.add(new Expected(csv.add(row("B-21", 1, "gtin", "8712345678907")), "gtin", "check digit"));
        expected.add(new Expected(csv.add(row("B-22", 1, "gtin", "871234567890")), "gtin", "check digit"));
        expected.add(new Expected(csv.add(row("B-23", 1, "gtin", "12345")), "gtin", "8, 12, 13 or 14 digits"));
        expected.add(new Expected(csv.add(row("B-24", 1, "omschrijving", "")), "omschrijving", "is required"));
        expected.add(new Expected(csv.add(row("B-25", 1, "omschrijving", "x".repeat(201))), "omschrijving", "at most 200"));
        expected.add(new Expected(csv.add(row("B-26", 1, "aantal", "0")), "aantal", "greater than 0"));
        expected.add(new Expected(csv.add(row("B-27", 1, "aantal", "1.234,50")), "aantal", "decimal comma"));
        expected.add(new Expected(csv.add(row("B-28", 1, "aantal", "1e3")), "aantal", "decimal comma"));
        expected.add(new Expected(csv.add(row("B-29", 1, "aantal", "1,23456")), "aantal", "more than 4 decimals"));
        expected.add(new Expected(csv.add(row("B-30", 1, "aantal", "")), "aantal", "is required"));
        expected.add(new Expected(csv.add(row("B-31", 1, "eenheid", "stuks")), "eenheid", "not one of st, m"));
        expected.add(new Expected(csv.add(row("B-32", 1, "prijs", "-1")), "prijs", "negative"));
        expected.add(new Expected(csv.add(row("B-33", 1, "prijs", "0,00001")), "prijs", "more than 4 decimals"));
        expected.add(new Expected(csv.add(row("B-34", 1, "btw", "6")), "btw", "21, 9 or 0"));
        // order-level rules: the whole order is rejected
        expected.add(new Expected(csv.add(row("B-35", 1, "regelstatus", "GEWIJZIGD")), "status",
                "GEACCEPTEERD but has lines that are not ONGEWIJZIGD"));
        expected.add(new Expected(csv.add(row("B-36", 1, "status", "GEWIJZIGD")), "status",
                "GEWIJZIGD but every line is ONGEWIJZIGD"));
        csv.add(row("B-37", 1));
        expected.add(new Expected(csv.add(row("B-37", 2, "orderdatum", "21-11-2026")), "orderdatum", "disagrees with"));
        csv.add(row("B-38", 1));
        expected.add(new Expected(csv.add(row("B-38", 1, "klant_regelnummer", "99")), "regelnummer", "already used on line"));
        int firstOfSplit = csv.add(row("B-39", 1));
        csv.add(row("B-40", 1, "aantal", "0", "regelstatus", "VERVALLEN", "status", "GEWIJZIGD")); // valid: cancelled line
        csv.add(row("B-39", 2));
        expected.add(new Expected(firstOfSplit, "ordernummer", "not adjacent"));
        expected.add(new Expected(csv.add(row("B-42", 1, "omschrijving", "Kozijn\u0001")), "omschrijving",
                "control character U+0001"));
        expected.add(new Expected(csv.addRaw("B-41;20-11-2026;PO-B-41"), "(record)", "has 3 fields where the header has 22"));

        csv.addOrder("GOOD-2", 3, "status", "AFGEWEZEN", "leverdatum", "");

        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport(FILE, csv.build());
            RunReport report = gw.run();
            List<Rejection> rejections = gw.orders(report).rejections();

            for (Expected e : expected) {
                assertThat(rejections)
                        .as("a rejection on line %d, column %s, saying '%s'%nin:%n%s", e.line, e.column, e.reason,
                                report.toText())
                        .anySatisfy(r -> {
                            assertThat(r.file()).isEqualTo(FILE);
                            assertThat(r.line()).isEqualTo(e.line);
                            assertThat(r.field()).isEqualTo(e.column);
                            assertThat(r.reason()).contains(e.reason);
                        });
            }
            // every rejection is in the ledger too, and names the business key where there is one
            assertThat(gw.ledger.rejections(report.runId())).hasSameSizeAs(rejections);
            assertThat(report.exitCode()).isEqualTo(1);

            // the good orders (and the valid one with a cancelled line) went out
            List<String> sent = gw.documents().stream().filter(d -> d.status() == DocumentStatus.ACCEPTED)
                    .map(LedgerDocument::businessKey).toList();
            assertThat(sent).containsExactlyInAnyOrder("PO-GOOD-1/GOOD-1", "PO-B-40/B-40", "PO-GOOD-2/GOOD-2");
            assertThat(gw.remoteFiles()).hasSize(3);
            assertThat(report.toText()).contains(FILE + ":" + expected.get(6).line + " field klant_gln");
        }
    }
}
