package nl.edigate.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import nl.edigate.config.ClientProfile;

/**
 * How the orders export is read for the client profiles together: the column each field is read from
 * (the profiles agree on it, see the configuration's claims check) and each client's cross-reference of
 * item codes, applied by the order's client GLN.
 */
public final class ReadingRules {
    private final Map<String, String> columns = new HashMap<>();
    private final Map<String, ClientProfile> byGln = new HashMap<>();

    private ReadingRules(List<ClientProfile> clients) {
        for (ClientProfile c : clients) {
            columns.putAll(c.orderColumns());
            if (c.gln() != null) {
                byGln.put(c.gln(), c);
            }
        }
    }

    public static ReadingRules of(List<ClientProfile> clients) {
        return new ReadingRules(clients);
    }

    public static ReadingRules of(ClientProfile client) {
        return new ReadingRules(List.of(client));
    }

    /** The ERP column header for a field; the field name itself when no profile maps it. */
    public String column(String field) {
        return columns.getOrDefault(field, field);
    }

    /** The client's item code for the ERP's, by the client the order belongs to. */
    public String clientItemCode(String clientGln, String erpValue) {
        ClientProfile c = clientGln == null ? null : byGln.get(clientGln);
        return c == null ? erpValue : c.clientItemCode(erpValue);
    }
}
