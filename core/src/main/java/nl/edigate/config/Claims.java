package nl.edigate.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which profile a record belongs to must never be a matter of order in the settings file: a client id,
 * an order GLN, a contract or an invoice buyer (scheme and identifier) two profiles claim is a
 * configuration error at start (erp-export.md, "Which
 * client a record belongs to"). The orders export has one header line, so the profiles must read it with
 * the same column names (a profile may leave a column out, which then keeps its ERP name).
 */
final class Claims {
    private Claims() {
    }

    static void check(String source, List<ClientProfile> clients) {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> glns = new HashMap<>();
        Map<String, String> contracts = new HashMap<>();
        Map<String, String> buyers = new HashMap<>();
        Map<String, String[]> columns = new HashMap<>();
        for (ClientProfile c : clients) {
            claim(source, ids, "client.id", c.id(), c.id());
            if (c.gln() != null) {
                claim(source, glns, "client.gln", c.gln(), c.id());
            }
            if (c.invoices() != null) {
                claim(source, buyers, "invoices.buyer-id", c.invoices().participant(), c.id());
            }
            for (String contract : c.contracts()) {
                claim(source, contracts, "projects.contracts", contract, c.id());
            }
            for (Map.Entry<String, String> e : c.orderColumns().entrySet()) {
                String[] earlier = columns.putIfAbsent(e.getKey(), new String[] {e.getValue(), c.id()});
                if (earlier != null && !earlier[0].equals(e.getValue())) {
                    throw new ConfigException(source + ": clients " + earlier[1] + " and " + c.id()
                            + " read orders.column." + e.getKey() + " from different columns ('" + earlier[0]
                            + "' and '" + e.getValue() + "'); the orders export has one header line");
                }
            }
        }
    }

    private static void claim(String source, Map<String, String> claimed, String key, String value, String clientId) {
        String earlier = claimed.putIfAbsent(value, clientId);
        if (earlier != null) {
            throw new ConfigException(source + ": " + key + " " + value + " is claimed by both client " + earlier
                    + " and client " + clientId + "; a record must belong to one client");
        }
    }
}
