package nl.edigate.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.TestProfiles;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.ConfigException;
import nl.edigate.config.Settings;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.model.Rejection;

/** A client profile chooses its order response format by name; the format renders, checks and names. */
class OrderResponseFormatsTest {

    static ClientProfile profile(String format) {
        Map<String, String> values = new HashMap<>(TestProfiles.clientSettings().asMap());
        if (format == null) {
            values.remove("orders.format");
        } else {
            values.put("orders.format", format);
        }
        return ClientProfile.from(new Settings("client.properties", values));
    }

    @Test
    void t76IsTheDefaultAndRendersCheckedDocumentsAFilePerDocument(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("orders_20261125-231000.csv");
        try (var in = getClass().getResourceAsStream("/demo/orders_20261125-231000.csv")) {
            Files.copy(in, file);
        }
        ClientProfile client = profile(null);
        OrderFileReader reader = new OrderFileReader(client, StandardCharsets.UTF_8);
        List<Order> orders = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        reader.read(file, reader.prescan(file), orders::add, rejections::add);
        assertThat(orders).hasSize(4);

        OrderResponseFormat format = OrderResponseFormats.of(TestProfiles.gateway().supplier(), client);
        assertThat(format.name()).isEqualTo(PeppolT76Format.NAME);
        assertThat(format).isNotInstanceOf(InterchangeFormat.class);
        assertThat(format.fileName("8712345000004", "abc")).isEqualTo("ORDRSP_8712345000004_abc.xml");
        for (Order order : orders) {
            String xml = format.render(order, "DOC-" + order.salesOrderNumber(), LocalDate.of(2026, 11, 26));
            assertThat(xml).contains("<cbc:ID>DOC-" + order.salesOrderNumber() + "</cbc:ID>",
                    OrderResponseMapper.CUSTOMIZATION_ID);
        }
    }

    @Test
    void anUnknownFormatIsAConfigurationErrorThatNamesTheKnownOnes() {
        ClientProfile client = profile("edifact-d96b");
        assertThatThrownBy(() -> OrderResponseFormats.of(TestProfiles.gateway().supplier(), client))
                .isInstanceOf(ConfigException.class)
                .hasMessage("client opdrachtgever: orders.format 'edifact-d96b' is not one of edifact-d96a-ordrsp, peppol-t76");
    }
}
