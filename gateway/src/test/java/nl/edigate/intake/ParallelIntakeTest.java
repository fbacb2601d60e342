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
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;

/**
 * Orders are mapped and validated on several threads and stored in batches: every document must still
 * carry its own order, in the order of the file, with the bad orders between them rejected by line.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ParallelIntakeTest {
    static final String FILE = "orders_20261125-231000.csv";
    static final int ORDERS = 450; // more than four batches, with a partial one at the end

    @TempDir
    Path dir;

    @Test
    void everyDocumentCarriesItsOwnOrderInFileOrderAndBadOrdersInBetweenAreRejectedByLine() throws Exception {
        OrdersCsv csv = new OrdersCsv();
        List<Long> badLines = new ArrayList<>();
        for (int i = 1; i <= ORDERS; i++) {
            if (i % 10 == 0) {
                badLines.add((long) csv.add(row("VO-" + i, 1, "aantal", "twaalf")));
            } else {
                csv.addOrder("VO-" + i, 1 + i % 4);
            }
        }
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport(FILE, csv.build());
            RunReport report = gw.runtime.nightlyRun().intakeOnly();

            RunReport.Section s = gw.orders(report);
            assertThat(s.created()).isEqualTo(ORDERS - ORDERS / 10);
            assertThat(s.rejections()).extracting(Rejection::line).containsExactlyElementsOf(badLines);
            assertThat(s.rejections()).allSatisfy(r -> assertThat(r.field()).isEqualTo("aantal"));

            List<LedgerDocument> docs = gw.documents();
            assertThat(docs).hasSize(ORDERS - ORDERS / 10);
            long previousLine = 0;
            for (LedgerDocument d : docs) {
                assertThat(d.sourceLine()).isGreaterThan(previousLine);
                previousLine = d.sourceLine();
                String order = d.businessKey().substring(d.businessKey().indexOf('/') + 1);
                // the document made from this order, not from one mapped beside it on another thread
                assertThat(d.payload()).contains("<cbc:ID>" + d.documentId() + "</cbc:ID>")
                        .contains(">" + order + "<").contains(">PO-" + order + "<");
                assertThat(d.sourceRecord()).contains("\"ordernummer\":\"" + order + "\"");
            }
            assertThat(report.phases()).containsKey("intake");
            assertThat(report.toText()).containsPattern("took \\d+ ms \\(intake \\d+ ms\\)");
        }
    }
}
