package nl.edigate.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import io.xlate.edi.schema.SchemaFactory;
import org.junit.jupiter.api.Test;

import nl.edigate.TestProfiles;
import nl.edigate.config.ClientProfile;

/** The consortium's ORDRSP D.96A: each segment of the contract's table, UNOC text, release characters. */
class EdifactOrdrspFormatTest {
    private static final ZonedDateTime AT = ZonedDateTime.of(2026, 11, 30, 1, 35, 0, 0, ZoneId.of("Europe/Amsterdam"));

    static ClientProfile consortium() {
        return OrderResponseFormatsTest.profile(EdifactOrdrspFormat.NAME);
    }

    static Order order(Order.Status status, Order.Line... lines) {
        return new Order("VO-1001", LocalDate.of(2026, 11, 20), "PO+77'A", "8798765000008", "P1", status,
                LocalDate.of(2026, 12, 4), new Order.Address(null, null, null, null), List.of(lines), "orders.csv", 2, null);
    }

    static Order.Line line(int n, Order.LineStatus status, String gtin, String description) {
        return new Order.Line(n, "10" + n, status, "ART-" + n, n == 1 ? "KL:" + n : null, gtin, description,
                new BigDecimal("12.500"), "MTR", new BigDecimal("3.1400"), new BigDecimal("21"), 2 + n);
    }

    private final EdifactOrdrspFormat format = new EdifactOrdrspFormat(TestProfiles.gateway().supplier(), consortium());

    @Test
    void aChangedOrderHasEveryLineWithItsGroupsEscapedAndTransliterated() {
        String message = format.render(order(Order.Status.GEWIJZIGD,
                line(1, Order.LineStatus.GEWIJZIGD, "08712345000011", "Balk ł€ 'gelamineerd'"),
                line(2, Order.LineStatus.ONGEWIJZIGD, null, "Plaat")), "abc123", LocalDate.of(2026, 11, 30));
        assertThat(message).isEqualTo("UNH+1+ORDRSP:D:96A:UN'"
                + "BGM+231+abc123+4'"
                + "DTM+137:20261130:102'"
                + "DTM+2:20261204:102'"
                + "RFF+ON:PO?+77?'A'"
                + "NAD+BY+8798765000008::9'"
                + "NAD+SU+8712345000004::9'"
                + "LIN+1+3+08712345000011:EN'"
                + "PIA+5+ART-1:SA+KL?:1:BP'"
                + "IMD+F++:::Balk lEUR ?'gelamineerd?''"
                + "QTY+21:12.5:MTR'"
                + "PRI+AAA:3.14'"
                + "RFF+LI:101'"
                + "LIN+2+5'"
                + "PIA+5+ART-2:SA'"
                + "IMD+F++:::Plaat'"
                + "QTY+21:12.5:MTR'"
                + "PRI+AAA:3.14'"
                + "RFF+LI:102'"
                + "UNS+S'"
                + "CNT+2:2'"
                + "UNT+22+1'");
    }

    @Test
    void acceptedAndRejectedOrdersHaveNoLinesAndARejectionNoDeliveryDate() {
        String accepted = format.render(order(Order.Status.GEACCEPTEERD,
                line(1, Order.LineStatus.ONGEWIJZIGD, null, "Plaat")), "d1", LocalDate.of(2026, 11, 30));
        assertThat(accepted).contains("BGM+231+d1+29'", "DTM+2:20261204:102'", "CNT+2:0'").doesNotContain("LIN+");
        String rejected = format.render(order(Order.Status.AFGEWEZEN,
                line(1, Order.LineStatus.VERVALLEN, null, "Plaat")), "d2", LocalDate.of(2026, 11, 30));
        assertThat(rejected).contains("BGM+231+d2+27'").doesNotContain("DTM+2:", "LIN+");
    }

    @Test
    void aLongDescriptionIsCutAt70WithAWarningAndACharacterWithoutLatinFormRejectsTheOrder() {
        String long80 = "x".repeat(35) + "y".repeat(35) + "z".repeat(10);
        Order order = order(Order.Status.GEWIJZIGD, line(1, Order.LineStatus.GEWIJZIGD, null, long80));
        assertThat(format.render(order, "d3", LocalDate.of(2026, 11, 30)))
                .contains("IMD+F++:::" + "x".repeat(35) + ":" + "y".repeat(35) + "'");
        assertThat(format.warnings(order)).singleElement().asString().contains("line 1", "80 characters", "cut");

        Order chinese = order(Order.Status.GEWIJZIGD, line(1, Order.LineStatus.GEWIJZIGD, null, "Balk 中"));
        assertThatThrownBy(() -> format.render(chinese, "d4", LocalDate.of(2026, 11, 30)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("omschrijving (line 1)").hasMessageContaining("U+4E2D");
    }

    @Test
    void linNumbersTheMessagesLinesOneTwoThreeWhateverTheErpNumbersAndTheBuyersNumberGoesInRffLi() {
        Order.Line tenth = new Order.Line(10, "7", Order.LineStatus.GEWIJZIGD, "ART-10", null, null, "Balk",
                BigDecimal.ONE, "MTR", BigDecimal.ONE, BigDecimal.TEN, 3);
        Order.Line twentieth = new Order.Line(20, "9", Order.LineStatus.ONGEWIJZIGD, "ART-20", null, null, "Plaat",
                BigDecimal.ONE, "MTR", BigDecimal.ONE, BigDecimal.TEN, 4);
        String message = format.render(order(Order.Status.GEWIJZIGD, tenth, twentieth), "d6", LocalDate.of(2026, 11, 30));
        assertThat(message).contains("LIN+1+3'", "RFF+LI:7'", "LIN+2+5'", "RFF+LI:9'", "CNT+2:2'")
                .doesNotContain("LIN+10", "LIN+20");
    }

    @Test
    void aDescriptionThatGrowsPast70WhenTransliteratedIsCutWithTheWarning() {
        String grows = "x".repeat(66) + "€€"; // 68 characters as exported, 72 in UNOC (each € is EUR)
        Order order = order(Order.Status.GEWIJZIGD, line(1, Order.LineStatus.GEWIJZIGD, null, grows));
        assertThat(format.render(order, "d7", LocalDate.of(2026, 11, 30)))
                .contains("IMD+F++:::" + "x".repeat(35) + ":" + "x".repeat(31) + "EUR" + "E'");
        assertThat(format.warnings(order)).singleElement().asString()
                .contains("line 1", "72 characters in UNOC", "68 as exported", "cut");
    }

    @Test
    void decomposedTextIsComposedFirstAndValuesTooLongOrTooPreciseAreNamedByTheErpsField() {
        // "cafe" and a combining acute: the é ISO 8859-1 has
        Order decomposed = order(Order.Status.GEWIJZIGD, line(1, Order.LineStatus.GEWIJZIGD, null, "cafe\u0301 tafel"));
        assertThat(format.render(decomposed, "d8", LocalDate.of(2026, 11, 30))).contains("IMD+F++:::caf\u00e9 tafel'");

        Order longNumber = new Order("VO-1001", LocalDate.of(2026, 11, 20), "PO-" + "7".repeat(40), "8798765000008", "P1",
                Order.Status.GEACCEPTEERD, LocalDate.of(2026, 12, 4), new Order.Address(null, null, null, null),
                List.of(line(1, Order.LineStatus.ONGEWIJZIGD, null, "a")), "orders.csv", 2, null);
        assertThatThrownBy(() -> format.render(longNumber, "d9", LocalDate.of(2026, 11, 30)))
                .isInstanceOf(FormatException.class).hasMessageContaining("klant_ordernummer 'PO-777")
                .hasMessageContaining("is 43 characters; the ORDRSP holds at most 35")
                .hasMessageNotContaining("DATA_ELEMENT_TOO_LONG");

        Order.Line huge = new Order.Line(1, "1", Order.LineStatus.GEWIJZIGD, "A", null, null, "d",
                new BigDecimal("999999999999.9999"), "MTR", BigDecimal.ONE, BigDecimal.TEN, 3);
        assertThatThrownBy(() -> format.render(order(Order.Status.GEWIJZIGD, huge), "d10", LocalDate.of(2026, 11, 30)))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("aantal (line 1) 999999999999.9999 has 16 digits; the ORDRSP holds at most 15");
    }

    @Test
    void theContractsTableIsEnforcedWhileWriting() {
        Order.Line badUnit = new Order.Line(1, "1", Order.LineStatus.GEWIJZIGD, "A", null, null, "d",
                BigDecimal.ONE, "PCE", BigDecimal.ONE, BigDecimal.TEN, 3);
        assertThatThrownBy(() -> format.render(order(Order.Status.GEWIJZIGD, badUnit), "d5", LocalDate.of(2026, 11, 30)))
                .isInstanceOf(FormatException.class).hasMessageContaining("INVALID_CODE_VALUE")
                .hasMessageContaining("QTY");
    }

    @Test
    void anInterchangeNumbersItsMessagesAndCarriesTheReferenceFromTheLedger() throws Exception {
        String m1 = format.render(order(Order.Status.GEACCEPTEERD, line(1, Order.LineStatus.ONGEWIJZIGD, null, "a")),
                "d1", LocalDate.of(2026, 11, 30));
        String m2 = format.render(order(Order.Status.AFGEWEZEN, line(1, Order.LineStatus.VERVALLEN, null, "a")),
                "d2", LocalDate.of(2026, 11, 30));
        String interchange = format.interchange(List.of(m1, m2), 42, AT);
        assertThat(interchange).startsWith("UNA:+.? 'UNB+UNOC:3+8712345000004:14+8798765000008:14+261130:0135+42'UNH+1+")
                .contains("'UNT+10+1'UNH+2+ORDRSP:D:96A:UN'", "BGM+231+d2+27'")
                .endsWith("UNT+9+2'UNZ+2+42'");
        assertThat(format.interchangeFileName("8712345000004", 42)).isEqualTo("ORDRSP_8712345000004_42.edi");

        try (InputStream schema = getClass().getResourceAsStream(EdifactOrdrspFormat.MESSAGE_SCHEMA)) {
            EdifactCheck.Result read = EdifactCheck.read(interchange.getBytes(StandardCharsets.ISO_8859_1),
                    SchemaFactory.newFactory().createSchema(schema));
            assertThat(read.ok()).as(read.toString()).isTrue();
            assertThat(read.interchangeRef()).isEqualTo("42");
            assertThat(read.messageRefs()).containsExactly("1", "2");
        }
        // a broken stored message never leaves: the whole interchange is read back before it goes
        assertThatThrownBy(() -> format.interchange(List.of(m1.replace("UNS+S'", "")), 43, AT))
                .isInstanceOf(FormatException.class).hasMessageContaining("message 1");
        assertThatThrownBy(() -> format.interchange(java.util.Collections.nCopies(501, m1), 44, AT))
                .hasMessageContaining("1 to 500");
    }

    @Test
    void theAcceptanceEnvironmentCarriesTheTestIndicator() {
        java.util.Map<String, String> values = new java.util.HashMap<>(TestProfiles.clientSettings().asMap());
        values.put("orders.format", EdifactOrdrspFormat.NAME);
        values.put("edifact.test-indicator", "true");
        EdifactOrdrspFormat acceptance = new EdifactOrdrspFormat(TestProfiles.gateway().supplier(),
                ClientProfile.from(new nl.edigate.config.Settings("c.properties", values)));
        String m = acceptance.render(order(Order.Status.GEACCEPTEERD, line(1, Order.LineStatus.ONGEWIJZIGD, null, "a")),
                "d1", LocalDate.of(2026, 11, 30));
        assertThat(acceptance.interchange(List.of(m), 7, AT)).contains("+261130:0135+7++++++1'UNH+1+");
    }
}
