package nl.edigate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** One client: identifiers, channel, schedule, retry policy and column mapping. */
public record ClientProfile(String id, String name, String gln, String cron, SftpSettings sftp,
                            RetryPolicy retry, Map<String, String> orderColumns, ApiSettings api,
                            Set<String> contracts, Map<String, String> clientItemCodes, String ordersFormat,
                            boolean edifactTestIndicator, Duration ackOverdueAfter, InvoiceSettings invoices,
                            ServiceLevel service) {

    /**
     * What `serve` keeps to for this client: everything delivered by {@code deadline} (local time) after
     * the night it was taken in, automatic retries until then, an alert {@code deadlineWarning} before it
     * while something is still undelivered; this client's alerts also to these addresses and this webhook.
     */
    public record ServiceLevel(java.time.LocalTime deadline, Duration deadlineWarning, java.util.List<String> alertMailTo,
                               String alertWebhook) {
        /** The first deadline after a moment: the one a document stored then has to meet. */
        public java.time.Instant deadlineAfter(java.time.Instant t, java.time.ZoneId zone) {
            java.time.ZonedDateTime at = t.atZone(zone);
            java.time.ZonedDateTime d = at.with(deadline);
            return (d.isAfter(at) ? d : d.plusDays(1)).toInstant();
        }
    }

    /**
     * The client as a buyer of e-invoices (issue 14): the identifier its invoices carry in the export
     * ({@code klant_id_schema} + {@code klant_id}) and its postal address, which the export does not carry.
     */
    public record InvoiceSettings(String buyerScheme, String buyerId, String street, String postcode, String city,
                                  String country) {
        /** The buyer as a Peppol participant id, as the export identifies it. */
        public String participant() {
            return buyerScheme + ":" + buyerId;
        }
    }

    /**
     * The HTTPS API. The client secret itself is not held here (records print their fields): only
     * where to read it from.
     */
    public record ApiSettings(String baseUrl, String tokenUrl, String clientId, String secretEnv, Path secretFile,
                              String scope, Path caFile, Duration connectTimeout, Duration responseTimeout,
                              int maxRequestsPerSecond, RetryPolicy retry, Duration maxRetryAfter,
                              Duration callDeadline) {

        /** The client secret, read when needed from the environment variable or file the profile names. */
        public String clientSecret() {
            if (secretFile != null) {
                try {
                    return Files.readString(secretFile).strip();
                } catch (IOException e) {
                    throw new ConfigException("api.client-secret-file " + secretFile + " is not readable");
                }
            }
            String v = secretEnv == null ? null : System.getenv(secretEnv);
            if (v == null || v.isEmpty()) {
                throw new ConfigException("the API client secret is not set: environment variable " + secretEnv
                        + " is empty and no api.client-secret-file is configured");
            }
            return v;
        }
    }

    /**
     * The client's SFTP server and its conventions: where documents go, the temporary name they are
     * written under before the rename ({@code tempSuffix}), where the acknowledgements wait, and how many
     * sessions its server allows at once ({@code sessions}: delivery and acknowledgement collection together).
     */
    public record SftpSettings(String host, int port, String user, Path privateKeyFile, String passphraseEnv,
                               Path knownHostsFile, String remoteDir, Duration connectTimeout,
                               Duration readTimeout, String ackDir, String tempSuffix, int sessions) {
    }

    public static ClientProfile from(Settings s) {
        String id = s.required("client.id");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new ConfigException(s.source() + ": client.id '" + id + "' must be lower case letters, digits, - or _");
        }
        String gln = s.optional("client.gln", null);
        if (gln != null && !Identifiers.isValidGln(gln)) {
            throw new ConfigException(s.source() + ": client.gln '" + gln + "' is not a valid GLN (13 digits, GS1 check digit)");
        }
        // order responses go to the client whose GLN the orders carry, over SFTP; a client without a GLN
        // (the municipality, which receives e-invoices only) takes no orders and has no SFTP server
        SftpSettings sftp = gln == null ? noOrders(s) : sftp(s);
        RetryPolicy retry = new RetryPolicy(ConfigCheck.atLeastOne(s, "retry.max-attempts", 4),
                s.duration("retry.initial-backoff", Duration.ofSeconds(5)),
                s.duration("retry.max-backoff", Duration.ofMinutes(2)));
        if (retry.maxAttempts() < 1) {
            throw new ConfigException(s.source() + ": retry.max-attempts must be at least 1");
        }
        Map<String, String> columns = s.section("orders.column.");
        ApiSettings api = null;
        if (s.optional("api.base-url", null) != null) {
            String base = s.required("api.base-url");
            if (!base.startsWith("https://")) {
                throw new ConfigException(s.source() + ": api.base-url must start with https:// (TLS is required)");
            }
            base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            String tokenUrl = s.optional("api.token-url", base + "/oauth2/token");
            if (!tokenUrl.startsWith("https://")) {
                throw new ConfigException(s.source() + ": api.token-url must start with https:// (TLS is required)");
            }
            String secretFile = s.optional("api.client-secret-file", null);
            String caFile = s.optional("api.ca-file", null);
            api = new ApiSettings(base, tokenUrl, s.required("api.client-id"),
                    s.optional("api.client-secret-env", "EDIGATE_API_CLIENT_SECRET"),
                    secretFile == null ? null : s.resolve(secretFile), s.optional("api.scope", "progress.write"),
                    caFile == null ? null : s.resolve(caFile), s.duration("api.connect-timeout", Duration.ofSeconds(10)),
                    s.duration("api.response-timeout", Duration.ofSeconds(30)),
                    ConfigCheck.atLeastOne(s, "api.max-requests-per-second", 10),
                    new RetryPolicy(ConfigCheck.atLeastOne(s, "api.retry.max-attempts", 14),
                            s.duration("api.retry.initial-backoff", Duration.ofSeconds(5)),
                            s.duration("api.retry.max-backoff", Duration.ofMinutes(5))),
                    s.duration("api.max-retry-after", Duration.ofMinutes(15)),
                    s.duration("api.call-deadline", Duration.ofMinutes(3)));
            if (api.maxRequestsPerSecond() < 1) {
                throw new ConfigException(s.source() + ": api.max-requests-per-second must be at least 1");
            }
        }
        java.util.SortedSet<String> contracts = new TreeSet<>();
        for (String c : s.optional("projects.contracts", "").split(",")) {
            if (!c.isBlank()) {
                contracts.add(c.trim());
            }
        }
        return new ClientProfile(id, s.required("client.name"), gln, ConfigCheck.cron(s, "schedule.cron", "0 30 1 * * ?"),
                sftp, retry, columns, api, java.util.Collections.unmodifiableSortedSet(contracts), s.section("orders.client-item-code."),
                s.optional("orders.format", "peppol-t76"), s.bool("edifact.test-indicator", false),
                s.duration("acks.overdue-after", Duration.ofHours(24)), invoices(s), serviceLevel(s));
    }

    private static ServiceLevel serviceLevel(Settings s) {
        String deadline = s.optional("delivery.deadline", "06:00");
        java.time.LocalTime time;
        try {
            time = java.time.LocalTime.parse(deadline);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(s.source() + ": delivery.deadline must be a local time like 06:00, not '"
                    + deadline + "'");
        }
        java.util.List<String> to = new java.util.ArrayList<>();
        for (String a : s.optional("alerts.mail-to", "").split(",")) {
            if (!a.isBlank()) {
                to.add(a.trim());
            }
        }
        ServiceSettings.checkWebhook(s.source(), "alerts.webhook-url", s.optional("alerts.webhook-url", null));
        return new ServiceLevel(time, s.duration("delivery.deadline-warning", Duration.ofMinutes(30)),
                java.util.List.copyOf(to), s.optional("alerts.webhook-url", null));
    }

    private static SftpSettings sftp(Settings s) {
        String channel = s.optional("orders.channel", "sftp");
        if (!channel.equals("sftp")) {
            throw new ConfigException(s.source() + ": orders.channel '" + channel + "' is not supported (sftp)");
        }
        String remoteDir = s.optional("sftp.remote-dir", "/in/orderresponse");
        SftpSettings sftp = new SftpSettings(s.required("sftp.host"), ConfigCheck.port(s, "sftp.port", 22),
                s.required("sftp.user"), s.path("sftp.private-key-file", null),
                s.optional("sftp.private-key-passphrase-env", null), s.path("sftp.known-hosts-file", null),
                remoteDir, s.duration("sftp.connect-timeout", Duration.ofSeconds(15)),
                s.duration("sftp.read-timeout", Duration.ofSeconds(60)), s.optional("sftp.ack-dir", "/out/mlr"),
                s.optional("sftp.temp-suffix", ".part"), ConfigCheck.atLeastOne(s, "sftp.sessions", 1));
        if (!sftp.tempSuffix().matches("\\.[A-Za-z0-9]{1,8}")) {
            throw new ConfigException(s.source() + ": sftp.temp-suffix '" + sftp.tempSuffix()
                    + "' must be a dot and 1 to 8 letters or digits, such as .part or .tmp");
        }
        if (s.optional("sftp.private-key-file", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'sftp.private-key-file' is missing");
        }
        if (s.optional("sftp.known-hosts-file", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'sftp.known-hosts-file' is missing (host keys are always checked)");
        }
        return sftp;
    }

    /** A profile without a GLN takes no orders: SFTP and order settings in it would be a mistake. */
    private static SftpSettings noOrders(Settings s) {
        for (String key : new String[] {"orders.channel", "orders.format", "sftp.host", "sftp.user", "sftp.private-key-file",
                "sftp.known-hosts-file", "sftp.remote-dir", "sftp.ack-dir"}) {
            if (s.optional(key, null) != null) {
                throw new ConfigException(s.source() + ": " + key + " is set but client.gln is not; order responses"
                        + " go to the client whose GLN the orders carry (set client.gln, or remove the order settings)");
            }
        }
        if (s.optional("invoices.buyer-id", null) == null && s.optional("api.base-url", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'client.gln' is missing (a profile without"
                    + " one must receive e-invoices (invoices.buyer-id) or progress reports (api.base-url))");
        }
        return null;
    }

    /** Whether the client receives order responses (it has a GLN and an SFTP server). */
    public boolean takesOrders() {
        return sftp != null;
    }

    /** The invoice buyer settings, or null when the profile receives no e-invoices. */
    private static InvoiceSettings invoices(Settings s) {
        String id = s.optional("invoices.buyer-id", null);
        if (id == null) {
            return null;
        }
        String scheme = s.required("invoices.buyer-scheme");
        boolean valid = switch (scheme) {
            case "0190" -> id.matches("[0-9]{20}");
            case "0106" -> id.matches("[0-9]{8}");
            case "0088" -> Identifiers.isValidGln(id);
            default -> throw new ConfigException(s.source() + ": invoices.buyer-scheme '" + scheme
                    + "' is not one of 0190 (OIN), 0106 (KvK), 0088 (GLN)");
        };
        if (!valid) {
            throw new ConfigException(s.source() + ": invoices.buyer-id '" + id + "' is not a valid identifier of scheme "
                    + scheme);
        }
        return new InvoiceSettings(scheme, id, s.required("invoices.buyer-street"), s.required("invoices.buyer-postcode"),
                s.required("invoices.buyer-city"), s.optional("invoices.buyer-country", "NL"));
    }

    /** The client's item code for the one the ERP exports (a cross-reference the client maintains). */
    public String clientItemCode(String erpValue) {
        return erpValue == null ? null : clientItemCodes.getOrDefault(erpValue, erpValue);
    }

    /** The ERP column header for a field; the field name itself when the profile does not map it. */
    public String orderColumn(String field) {
        return orderColumns.getOrDefault(field, field);
    }
}
