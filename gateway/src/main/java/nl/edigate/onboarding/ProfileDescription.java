package nl.edigate.onboarding;

import java.util.ArrayList;
import java.util.List;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.orders.InterchangeFormat;
import nl.edigate.orders.OrderResponseFormat;
import nl.edigate.orders.OrderResponseFormats;

/**
 * A client profile said as what it will do (`clients check`): which records it claims, in which format
 * they go, over which channel and under which names, which acknowledgements come back and when they are
 * overdue, and the API when there is one. Nothing secret is printed: only where secrets are read from.
 */
public final class ProfileDescription {
    private ProfileDescription() {
    }

    public static List<String> of(GatewayConfig config, ClientProfile c) {
        List<String> out = new ArrayList<>();
        out.add(c.id() + " (" + c.name() + ")");
        List<String> claims = new ArrayList<>();
        if (c.takesOrders()) {
            claims.add("orders with klant_gln " + c.gln());
        }
        if (!c.contracts().isEmpty()) {
            claims.add("projects of contracts " + String.join(", ", c.contracts()));
        }
        if (c.invoices() != null) {
            claims.add("invoices with klant_id " + c.invoices().participant());
        }
        out.add("  claims     " + String.join("; ", claims));
        if (c.takesOrders()) {
            OrderResponseFormat format = OrderResponseFormats.of(config.supplier(), c);
            String grouping = format instanceof InterchangeFormat f
                    ? "up to " + f.documentsPerFile() + " per interchange, named " + f.interchangeFileName(config.supplier().gln(), 1)
                    .replace("_1.", "_<reference>.") + "; the reference from the ledger, strictly increasing"
                    : "one file per document, named " + format.fileName(config.supplier().gln(), "<document id>");
            out.add("  format     " + format.name() + " (" + format.charset().name() + "); " + grouping);
            ClientProfile.SftpSettings s = c.sftp();
            out.add("  channel    SFTP " + s.user() + "@" + s.host() + ":" + s.port() + " into " + s.remoteDir() + ", written as <name>"
                    + s.tempSuffix() + " then renamed, never overwritten; key " + s.privateKeyFile() + ", host key checked against "
                    + s.knownHostsFile());
            out.add("  retries    " + c.retry().maxAttempts() + " attempts, back-off from " + c.retry().initialBackoff()
                    .toSeconds() + " s up to " + c.retry().maxBackoff().toSeconds() + " s");
            out.add("  acks       " + format.acknowledgement() + " from " + s.ackDir()
                    + ", removed after recording; overdue " + c.ackOverdueAfter().toMinutes() + " min after delivery");
        }
        if (!c.orderColumns().isEmpty() || !c.clientItemCodes().isEmpty()) {
            out.add("  mapping    " + c.orderColumns().size() + " column names, " + c.clientItemCodes().size()
                    + " item code cross-references");
        }
        if (c.invoices() != null && config.accessPoint() != null) {
            var ap = config.accessPoint();
            out.add("  invoices   SI-UBL 2.0 to Peppol participant " + c.invoices().participant() + " through the access"
                    + " point " + ap.baseUrl() + " (mutual TLS, client certificate " + ap.keystoreFile() + "), at most "
                    + ap.maxRequestsPerSecond() + " requests a second; overdue when not SENT after "
                    + ap.sentWithin().toMinutes() + " min or unanswered " + ap.responseWithinWorkingDays()
                    + " working days after");
        }
        if (c.api() != null) {
            out.add("  API        progress reports to " + c.api().baseUrl() + ", token from " + c.api().tokenUrl()
                    + " as " + c.api().clientId() + " (secret from " + (c.api().secretFile() != null
                    ? "file " + c.api().secretFile() : "environment variable " + c.api().secretEnv()) + "), at most "
                    + c.api().maxRequestsPerSecond() + " requests a second");
        }
        return out;
    }
}
