package nl.edigate.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.DeliveryLease;
import nl.edigate.text.Printable;
import nl.edigate.text.Times;

/**
 * Where `serve`'s alerts go: the mail server (to the gateway's recipients and each client's own) and the
 * webhooks (the gateway's and each client's), made from the settings once. {@link #test} sends a test alert
 * through each route, so that a route that cannot deliver is found before an alert is lost on it.
 */
public final class AlertRoutes {
    /** One route tried: which, and whether it took the test alert (the reason when not). */
    public record Tried(String route, boolean ok, String reason) {
        @Override
        public String toString() {
            return (ok ? "OK      " : "FAILED  ") + route + (reason == null ? "" : ": " + reason);
        }
    }

    private final List<AlertSender> senders;
    /** The clients with recipients or a webhook of their own: each gets a test alert of its own. */
    private final List<String> ownRoutes;

    private AlertRoutes(List<AlertSender> senders, List<String> ownRoutes) {
        this.senders = senders;
        this.ownRoutes = ownRoutes;
    }

    public static AlertRoutes of(GatewayConfig config) {
        String host = DeliveryLease.host();
        List<AlertSender> senders = new ArrayList<>();
        Map<String, List<String>> mailTo = new LinkedHashMap<>();
        Map<String, String> hooks = new LinkedHashMap<>();
        List<String> own = new ArrayList<>();
        for (ClientProfile c : config.clients()) {
            mailTo.put(c.id(), c.service().alertMailTo());
            if (c.service().alertWebhook() != null) {
                hooks.put(c.id(), c.service().alertWebhook());
            }
            if (c.service().alertWebhook() != null || !c.service().alertMailTo().isEmpty()) {
                own.add(c.id());
            }
        }
        if (config.service().mail() != null) {
            senders.add(new MailAlerts(config.service().mail(), mailTo, host));
        }
        if (config.service().webhookUrl() != null || !hooks.isEmpty()) {
            senders.add(new WebhookAlerts(config.service().webhookUrl(), hooks, host));
        }
        return new AlertRoutes(List.copyOf(senders), List.copyOf(own));
    }

    /** The senders `serve`'s alerts go through. */
    public List<AlertSender> senders() {
        return senders;
    }

    /** A test alert through every route: the gateway's own, then each client's that has one. */
    public List<Tried> test(Instant now) {
        List<Tried> out = new ArrayList<>();
        List<String> clients = new ArrayList<>();
        clients.add(null);
        clients.addAll(ownRoutes);
        for (AlertSender s : senders) {
            for (String client : clients) {
                Ledger.Alert test = new Ledger.Alert(0, "test", client, "TEST", "A test alert from `edigate alerts"
                        + " test` at " + Times.format(now) + " (" + Times.zoneNote() + "): this route works.", now,
                        null, null, null, null);
                String route = s.describe() + (client == null ? "" : " (client " + client + ")");
                try {
                    s.send(test, false);
                    out.add(new Tried(route, true, null));
                } catch (Exception e) {
                    out.add(new Tried(route, false, Printable.of(String.valueOf(e.getMessage()), 300)));
                }
            }
        }
        return out;
    }
}
