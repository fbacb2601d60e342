package nl.edigate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.edigate.TestProfiles;

/** A record two profiles claim is a configuration error at start, said with both clients (issue 13). */
class ClaimsTest {

    static ClientProfile profile(String id, String gln, String... changes) {
        Map<String, String> values = new HashMap<>(TestProfiles.clientSettings().asMap());
        values.put("client.id", id);
        values.put("client.gln", gln);
        for (int i = 0; i + 1 < changes.length; i += 2) {
            values.put(changes[i], changes[i + 1]);
        }
        return ClientProfile.from(new Settings(id + ".properties", values));
    }

    static GatewayConfig gateway(ClientProfile... clients) {
        return GatewayConfig.from(TestProfiles.gatewaySettings(), List.of(clients));
    }

    @Test
    void distinctClientsLoadTogether() {
        GatewayConfig config = gateway(profile("a", "8798765000008"),
                profile("b", "8719876000008", "projects.contracts", "RC-1"));
        assertThat(config.clients()).extracting(ClientProfile::id).containsExactly("a", "b");
        assertThat(config.client("b")).get().extracting(ClientProfile::gln).isEqualTo("8719876000008");
        assertThat(config.schedules()).containsExactly(java.util.Map.entry("0 30 1 * * ?", List.of("a", "b")));
    }

    @Test
    void theSameGlnContractOrIdInTwoProfilesIsRefusedWithBoth() {
        assertThatThrownBy(() -> gateway(profile("a", "8798765000008"), profile("b", "8798765000008")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("client.gln 8798765000008 is claimed by both client a and client b");
        assertThatThrownBy(() -> gateway(profile("a", "8798765000008"), profile("b", "8719876000008")))
                .hasMessageContaining("projects.contracts RC-2025-0042 is claimed by both client a and client b");
        assertThatThrownBy(() -> gateway(profile("a", "8798765000008", "projects.contracts", ""),
                profile("a", "8719876000008", "projects.contracts", "")))
                .hasMessageContaining("client.id a is claimed by both");
    }

    @Test
    void oneExportHasOneHeaderSoColumnNamesMustAgree() {
        assertThatThrownBy(() -> gateway(profile("a", "8798765000008", "projects.contracts", ""),
                profile("b", "8719876000008", "projects.contracts", "", "orders.column.ordernummer", "order_nr")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("clients a and b read orders.column.ordernummer from different columns"
                        + " ('ordernummer' and 'order_nr')");
    }

    @Test
    void anInvoiceBuyerTwoProfilesClaimIsRefusedAndAProfilesBuyerIsChecked() {
        String[] municipality = {"projects.contracts", "", "invoices.buyer-scheme", "0190",
                "invoices.buyer-id", "00000001234567890000", "invoices.buyer-street", "Stadhuisplein 1",
                "invoices.buyer-postcode", "1234 AB", "invoices.buyer-city", "Voorbeeldstad"};
        ClientProfile gemeente = profile("gemeente", "8719876000008", municipality);
        assertThat(gemeente.invoices().participant()).isEqualTo("0190:00000001234567890000");
        assertThat(gemeente.invoices().country()).isEqualTo("NL");
        assertThat(profile("a", "8798765000008").invoices()).isNull();
        assertThatThrownBy(() -> gateway(profile("a", "8798765000008", municipality), gemeente))
                .hasMessageContaining("invoices.buyer-id 0190:00000001234567890000 is claimed by both client a and"
                        + " client gemeente");
        assertThatThrownBy(() -> profile("g", "8719876000008", "invoices.buyer-scheme", "0190",
                "invoices.buyer-id", "1234")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("invoices.buyer-id '1234' is not a valid identifier of scheme 0190");
        assertThatThrownBy(() -> profile("g", "8719876000008", "invoices.buyer-scheme", "9925",
                "invoices.buyer-id", "1234")).hasMessageContaining("is not one of 0190 (OIN), 0106 (KvK), 0088 (GLN)");
    }

    @Test
    void theSuppliersIbanIsCheckedByItsCheckDigits() {
        assertThat(Identifiers.isValidIban("NL91ABNA0417164300")).isTrue();
        assertThat(Identifiers.isValidIban("NL92ABNA0417164300")).isFalse();
        assertThat(Identifiers.isValidIban("NL91 ABNA 0417 1643 00")).isFalse();
        Map<String, String> values = new HashMap<>(TestProfiles.gatewaySettings().asMap());
        values.put("supplier.iban", "NL91ABNA0417164301");
        assertThatThrownBy(() -> GatewayConfig.from(new Settings("gateway.properties", values),
                List.of(profile("a", "8798765000008")))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("supplier.iban 'NL91ABNA0417164301' is not a valid IBAN");
        values.put("supplier.iban", "NL91ABNA0417164300");
        assertThat(GatewayConfig.from(new Settings("gateway.properties", values), List.of(profile("a", "8798765000008")))
                .supplier().iban()).isEqualTo("NL91ABNA0417164300");
    }
}
