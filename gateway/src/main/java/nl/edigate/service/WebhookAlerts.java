package nl.edigate.service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.edigate.ledger.Ledger;

/**
 * Alerts as a JSON POST (a chat channel's incoming webhook, an Alertmanager-style receiver): the gateway's
 * URL and the alert's client's own. The JDK's HTTP client checks the server's certificate and host name;
 * plain http only to this machine (checked in the settings). Any answer but 2xx counts as not delivered.
 */
public final class WebhookAlerts implements AlertSender {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;
    private final Map<String, String> clientUrls;
    private final String host;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public WebhookAlerts(String url, Map<String, String> clientUrls, String gatewayHost) {
        this.url = url;
        this.clientUrls = clientUrls;
        this.host = gatewayHost;
    }

    @Override
    public void send(Ledger.Alert alert, boolean resolved) throws Exception {
        List<String> targets = new ArrayList<>();
        if (url != null) {
            targets.add(url);
        }
        String own = alert.clientId() == null ? null : clientUrls.get(alert.clientId());
        if (own != null && !targets.contains(own)) {
            targets.add(own);
        }
        String body = JSON.writeValueAsString(payload(alert, resolved));
        for (String target : targets) {
            // only the status counts: the receiver's body is not read at all (whatever its size)
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("the webhook answered " + r.statusCode());
            }
        }
    }

    private ObjectNode payload(Ledger.Alert alert, boolean resolved) {
        ObjectNode o = JSON.createObjectNode();
        o.put("status", resolved ? "resolved" : "firing");
        o.put("alert", alert.key());
        o.put("kind", alert.kind());
        o.put("client", alert.clientId());
        o.put("gateway", host);
        o.put("since", alert.openedAt().toString());
        o.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        o.put("text", AlertText.subject(alert, resolved));
        o.put("summary", alert.summary());
        return o;
    }

    @Override
    public String describe() {
        return "webhook " + URI.create(url == null ? "per-client" : url).getHost();
    }
}
