package nl.edigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.TestProfiles;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;
import nl.edigate.ledger.Ledger;
import nl.edigate.orders.Order;
import nl.edigate.report.RunReport;

/**
 * Defence in depth: an order that passed the record checks but whose document the client's rules
 * would refuse is rejected with the rule ids and never stored for delivery.
 */
class DocumentValidationTest {

    @TempDir
    Path dir;

    @Test
    void aDocumentFailingPeppolT76IsRejectedWithItsRuleIdsAndNotStored() {
        Settings gateway = TestProfiles.gatewaySettings().with("ledger.jdbc-url", "jdbc:h2:file:" + dir.resolve("l"));
        GatewayConfig config = GatewayConfig.from(gateway, List.of(TestProfiles.client()));
        try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
            OrderIntake intake = new OrderIntake(config, ledger, Clock.systemDefaultZone());
            // an empty item name: an empty element, which the Peppol rules (PEPPOL-COMMON-R001, part of PEPPOLBIS-T76) forbid
            Order.Line line = new Order.Line(1, "1", Order.LineStatus.GEWIJZIGD, "ART-1", null, null, "",
                    BigDecimal.ONE, "C62", BigDecimal.TEN, new BigDecimal("21"), 2);
            Order order = new Order("VO-1", LocalDate.of(2026, 11, 20), "PO-1", "8798765000008", null,
                    Order.Status.GEWIJZIGD, LocalDate.of(2026, 12, 1), new Order.Address(null, null, null, "NL"),
                    List.of(line), "orders_20261125-231000.csv", 2, null);
            long run = ledger.startRun("test");
            RunReport report = new RunReport(run);
            intake.take(run, order, report.section(OrderFileReader.DOC_TYPE));

            assertThat(ledger.documents(config.client().id(), OrderFileReader.DOC_TYPE)).isEmpty();
            assertThat(ledger.rejections(run)).singleElement().satisfies(r -> {
                assertThat(r.file()).isEqualTo("orders_20261125-231000.csv");
                assertThat(r.line()).isEqualTo(2);
                assertThat(r.reason()).contains("fails the client's validation", "PEPPOL-COMMON-R001", "empty elements");
                assertThat(r.businessKey()).isEqualTo("PO-1/VO-1");
            });
        }
    }
}
