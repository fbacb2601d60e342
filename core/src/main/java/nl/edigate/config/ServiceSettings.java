package nl.edigate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How `serve` looks after itself: how often it retries what failed for a transient reason and with what
 * back-off, how often it looks for problems to alert on and where the alerts go (mail, webhook), when a
 * nightly run counts as late, when a certificate's end is near, and how long the ledger keeps what.
 * Secrets (the SMTP password) are never held here: an environment variable or an owner-only file is named.
 */
public record ServiceSettings(Duration retryCheck, Duration retryInitialBackoff, Duration retryMaxBackoff,
                              Duration alertCheck, Mail mail, String webhookUrl, int maxAlertsPerHour,
                              Duration runLateAfter, Duration expiryWarning, int retainDocumentsMonths,
                              int retainPayloadsMonths) {

    /** An SMTP server: STARTTLS (required) on 587 by default, or implicit TLS ("smtps") on 465. */
    public record Mail(String host, int port, String security, String user, String passwordEnv, Path passwordFile,
                       String from, List<String> to, Path trustFile) {
        /** The SMTP password from its owner-only file or its environment variable; empty without a user. */
        public char[] password() {
            if (user == null) {
                return new char[0];
            }
            if (passwordFile != null) {
                try {
                    return java.nio.file.Files.readString(passwordFile).strip().toCharArray();
                } catch (java.io.IOException e) {
                    throw new ConfigException("alerts.mail.password-file " + passwordFile + " is not readable");
                }
            }
            String v = passwordEnv == null ? null : System.getenv(passwordEnv);
            if (v == null || v.isEmpty()) {
                throw new ConfigException("the SMTP password of alerts.mail.user is not set: environment variable "
                        + passwordEnv + " is empty");
            }
            return v.toCharArray();
        }
    }

    static ServiceSettings from(Settings s) {
        Mail mail = null;
        String host = s.optional("alerts.mail.host", null);
        if (host != null) {
            String security = s.optional("alerts.mail.security", "starttls");
            if (!security.equals("starttls") && !security.equals("smtps")) {
                throw new ConfigException(s.source() + ": alerts.mail.security must be starttls or smtps (mail is"
                        + " never sent in plain text), not '" + security + "'");
            }
            List<String> to = list(s.optional("alerts.mail.to", ""));
            if (to.isEmpty()) {
                throw new ConfigException(s.source() + ": alerts.mail.host is set but alerts.mail.to names nobody");
            }
            String trust = s.optional("alerts.mail.trust-file", null);
            String pwFile = s.optional("alerts.mail.password-file", null);
            mail = new Mail(host, s.integer("alerts.mail.port", security.equals("smtps") ? 465 : 587), security,
                    s.optional("alerts.mail.user", null), s.optional("alerts.mail.password-env", "EDIGATE_SMTP_PASSWORD"),
                    pwFile == null ? null : s.path("alerts.mail.password-file", null),
                    s.optional("alerts.mail.from", "edigate@localhost"), to,
                    trust == null ? null : s.path("alerts.mail.trust-file", null));
        }
        String webhook = s.optional("alerts.webhook-url", null);
        checkWebhook(s.source(), "alerts.webhook-url", webhook);
        return new ServiceSettings(s.duration("service.retry-check", Duration.ofMinutes(1)),
                s.duration("service.retry-initial-backoff", Duration.ofMinutes(2)),
                s.duration("service.retry-max-backoff", Duration.ofMinutes(20)),
                s.duration("alerts.check-interval", Duration.ofMinutes(1)), mail, webhook,
                ConfigCheck.atLeastOne(s, "alerts.max-per-hour", 20),
                s.duration("alerts.run-late-after", Duration.ofMinutes(30)),
                s.duration("alerts.expiry-warning", Duration.ofDays(30)),
                ConfigCheck.atLeastOne(s, "retention.documents-months", 13),
                ConfigCheck.atLeastOne(s, "retention.payloads-months", 3));
    }

    /** A webhook goes over https; plain http only to this machine (a local relay or a test receiver). */
    static void checkWebhook(String source, String key, String url) {
        if (url == null) {
            return;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source + ": " + key + " is not a URL: " + e.getMessage());
        }
        if (uri.isOpaque() || uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(source + ": " + key + " '" + url + "' names no host (https://host/path)");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
            throw new ConfigException(source + ": " + key + " port " + uri.getPort() + " is not a port (1 to 65535)");
        }
        boolean local = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && local)) {
            throw new ConfigException(source + ": " + key + " must start with https:// (plain http only to this"
                    + " machine)");
        }
    }

    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String a : value.split(",")) {
            if (!a.isBlank()) {
                out.add(a.trim());
            }
        }
        return List.copyOf(out);
    }
}
