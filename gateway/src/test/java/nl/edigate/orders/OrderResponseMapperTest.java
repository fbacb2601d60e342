package nl.edigate.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.TestProfiles;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.model.Rejection;
import nl.edigate.validation.PeppolValidator;

class OrderResponseMapperTest {

    @Test
    void everyExampleOrderMapsToAValidT76Document(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders_20261125-231000.csv");
        try (var in = getClass().getResourceAsStream("/demo/orders_20261125-231000.csv")) {
            Files.copy(in, file);
        }
        var config = TestProfiles.gateway();
        OrderFileReader reader = new OrderFileReader(config.client(), StandardCharsets.UTF_8);
        List<Order> orders = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        reader.read(file, reader.prescan(file), orders::add, rejections::add);
        assertThat(rejections).isEmpty();
        assertThat(orders).hasSize(4);

        OrderResponseMapper mapper = new OrderResponseMapper(config.supplier(), config.client());
        for (Order order : orders) {
            String xml = mapper.toXml(order, "DOC-" + order.salesOrderNumber(), LocalDate.of(2026, 11, 26));
            assertThat(PeppolValidator.get().validate(PeppolValidator.ORDER_RESPONSE, xml))
                    .as("findings for %s:%n%s", order.salesOrderNumber(), xml).isEmpty();
            assertThat(xml).contains("<cbc:OrderResponseCode>" + order.status().responseCode + "</cbc:OrderResponseCode>");
            if (order.status() == Order.Status.GEWIJZIGD) {
                assertThat(xml).contains("<cbc:LineStatusCode>3</cbc:LineStatusCode>", "<cbc:LineID>2</cbc:LineID>");
            } else {
                assertThat(xml).doesNotContain("<cac:OrderLine>");
            }
        }
    }

    @Test
    void aBrokenDocumentIsReportedWithItsRuleIds() {
        String xml = "<OrderResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2\"/>";
        var findings = PeppolValidator.get().validate(PeppolValidator.ORDER_RESPONSE, xml);
        assertThat(findings).isNotEmpty();
    }
}
