package nl.edigate.config;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import nl.edigate.text.Times;

/** The gateway settings and the client profiles they name. */
public record GatewayConfig(SupplierIdentity supplier, String jdbcUrl, String dbUser, String dbPasswordEnv,
                            Path inboxDir, Path archiveDir, Path rejectedDir, Duration stableAfter,
                            Charset inboxCharset, Path routesDir, List<ClientProfile> clients, Path acksDir,
                            Duration ackPollInterval, boolean allowInsecure, AccessPointSettings accessPoint,
                            ServiceSettings service, ZoneId zone) {

    /** The settings file and its client profiles, every setting and everything they name checked. */
    public static GatewayConfig load(Path gatewayFile) {
        GatewayConfig config = loadForReading(gatewayFile);
        ConfigCheck.environment(config);
        return config;
    }

    /**
     * The settings as checked for a read-only command (messages, show): every key and value, but not the
     * files and secrets that delivery needs (keys, host keys, passwords), which an operator reading the
     * ledger need not have.
     */
    public static GatewayConfig loadForReading(Path gatewayFile) {
        Settings s = Settings.load(gatewayFile);
        List<String> problems = new ArrayList<>();
        try {
            ConfigCheck.knownKeys(s, ConfigCheck.GATEWAY_KEYS, ConfigCheck.GATEWAY_PREFIXES);
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        List<ClientProfile> clients = new ArrayList<>();
        // every profile is read, so that the problems of all of them are told at once
        for (String file : s.required("clients").split(",")) {
            try {
                Settings profile = Settings.load(s.resolve(file.trim()));
                ConfigCheck.knownKeys(profile, ConfigCheck.CLIENT_KEYS, ConfigCheck.CLIENT_PREFIXES);
                clients.add(ClientProfile.from(profile));
            } catch (ConfigException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
        GatewayConfig config = from(s, clients);
        ConfigCheck.port(s, "console.port", 8480);
        return config;
    }

    public static GatewayConfig from(Settings s, List<ClientProfile> clients) {
        if (clients.isEmpty()) {
            throw new ConfigException(s.source() + ": no client profile configured");
        }
        Claims.check(s.source(), clients);
        Charset charset;
        try {
            charset = Charset.forName(s.optional("inbox.charset", "UTF-8"));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new ConfigException(s.source() + ": inbox.charset '" + s.optional("inbox.charset", "") + "' is not a known character set");
        }
        return new GatewayConfig(SupplierIdentity.from(s), s.jdbcUrl("ledger.jdbc-url"), s.optional("ledger.user", ""),
                s.optional("ledger.password-env", null), s.path("inbox.dir", "data/inbox"),
                s.path("inbox.archive-dir", "data/archive"), s.path("inbox.rejected-dir", "data/rejected"),
                s.duration("inbox.stable-after", Duration.ofSeconds(30)), charset, s.path("routes.dir", "routes"),
                List.copyOf(clients), s.path("acks.dir", "data/acks"), s.duration("acks.poll-interval", Duration.ofMinutes(5)),
                s.bool("security.allow-insecure", false), accessPoint(s, clients), ServiceSettings.from(s), zone(s));
    }

    /**
     * The zone of the clients' times of day (schedules, deadlines) and of every time shown to operators:
     * {@code time-zone}, by default the contracts' Europe/Amsterdam, whatever the server's own zone is.
     * Setting it also makes it the zone {@link nl.edigate.text.Times} shows.
     */
    private static ZoneId zone(Settings s) {
        String name = s.optional("time-zone", Times.DEFAULT_ZONE.getId());
        ZoneId zone;
        try {
            zone = ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new ConfigException(s.source() + ": time-zone '" + name + "' is not a time zone (such as"
                    + " Europe/Amsterdam)");
        }
        Times.use(zone);
        return zone;
    }

    /** The gateway's clock: the system's time in the configured {@link #zone()}. */
    public Clock clock() {
        return Clock.system(zone);
    }

    /** The access point, required as soon as a profile receives e-invoices. */
    private static AccessPointSettings accessPoint(Settings s, List<ClientProfile> clients) {
        AccessPointSettings ap = AccessPointSettings.from(s);
        for (ClientProfile c : clients) {
            if (c.invoices() != null && ap == null) {
                throw new ConfigException(s.source() + ": client " + c.id() + " receives e-invoices, but no access point"
                        + " is configured (ap.base-url, ap.keystore-file)");
            }
            if (c.invoices() != null && SupplierIdentity.from(s).iban() == null) {
                throw new ConfigException(s.source() + ": client " + c.id() + " receives e-invoices, but supplier.iban"
                        + " (the account the invoices ask to be paid into) is not set");
            }
        }
        return ap;
    }

    /**
     * The one client of a gateway configured with one profile (tests, benchmarks); the gateway itself
     * always goes through {@link #clients()}.
     */
    public ClientProfile client() {
        if (clients.size() != 1) {
            throw new IllegalStateException("several client profiles are configured; name one");
        }
        return clients.get(0);
    }

    /**
     * The nightly schedules: each profile's {@code schedule.cron}, with the clients that share it, in the
     * order of the profiles. A scheduled run takes the whole inbox in and delivers to its clients only.
     */
    public java.util.Map<String, List<String>> schedules() {
        java.util.Map<String, List<String>> byCron = new java.util.LinkedHashMap<>();
        for (ClientProfile c : clients) {
            byCron.computeIfAbsent(c.cron(), k -> new ArrayList<>()).add(c.id());
        }
        return byCron;
    }

    /** The profile with this client id. */
    public java.util.Optional<ClientProfile> client(String id) {
        return clients.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The ledger password, from the environment variable the config names; never from the file itself. */
    public String dbPassword() {
        if (dbPasswordEnv == null) {
            return "";
        }
        String v = System.getenv(dbPasswordEnv);
        return v == null ? "" : v;
    }
}
