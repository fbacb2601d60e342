package nl.edigate.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.quartz.CronExpression;

/**
 * Everything about a configuration that can be known before anything runs: names of settings (a
 * misspelt one is an error with "did you mean", never silently the default), ranges, files and
 * folders that must exist, secrets a channel needs. Each problem is one line; all are found at start,
 * before a ledger is created or anything is sent.
 */
public final class ConfigCheck {
    static final Set<String> GATEWAY_KEYS = Set.of("supplier.gln", "supplier.kvk", "supplier.vat", "supplier.name",
            "supplier.street", "supplier.postcode", "supplier.city", "supplier.country", "supplier.iban", "ledger.jdbc-url", "ledger.user",
            "ledger.password-env", "inbox.dir", "inbox.archive-dir", "inbox.rejected-dir", "inbox.stable-after",
            "inbox.charset", "acks.dir", "acks.poll-interval", "console.enabled", "console.address", "console.port",
            "routes.dir", "clients", "security.allow-insecure", "ap.base-url", "ap.keystore-file",
            "ap.keystore-password-env", "ap.keystore-password-file", "ap.trust-file", "ap.connect-timeout",
            "ap.response-timeout", "ap.max-requests-per-second", "ap.retry.max-attempts", "ap.retry.initial-backoff",
            "ap.retry.max-backoff", "ap.max-retry-after", "ap.sent-within", "ap.response-within-working-days", "ap.call-deadline",
            "service.retry-check", "service.retry-initial-backoff", "service.retry-max-backoff", "alerts.check-interval",
            "alerts.mail.host", "alerts.mail.port", "alerts.mail.security", "alerts.mail.user", "alerts.mail.password-env",
            "alerts.mail.password-file", "alerts.mail.from", "alerts.mail.to", "alerts.mail.trust-file",
            "alerts.webhook-url", "alerts.max-per-hour", "alerts.run-late-after", "alerts.expiry-warning",
            "retention.documents-months", "retention.payloads-months", "time-zone");
    static final List<String> GATEWAY_PREFIXES = List.of("console.user.");
    static final Set<String> CLIENT_KEYS = Set.of("client.id", "client.name", "client.gln", "schedule.cron",
            "orders.channel", "orders.format", "sftp.host", "sftp.port", "sftp.user", "sftp.private-key-file",
            "sftp.private-key-passphrase-env", "sftp.known-hosts-file", "sftp.remote-dir", "sftp.connect-timeout",
            "sftp.read-timeout", "sftp.ack-dir", "sftp.temp-suffix", "sftp.sessions", "edifact.test-indicator", "acks.overdue-after", "invoices.buyer-scheme",
            "invoices.buyer-id", "invoices.buyer-street", "invoices.buyer-postcode", "invoices.buyer-city",
            "invoices.buyer-country", "retry.max-attempts", "retry.initial-backoff", "retry.max-backoff",
            "projects.contracts", "api.base-url", "api.token-url", "api.client-id", "api.client-secret-env",
            "api.client-secret-file", "api.scope", "api.ca-file", "api.connect-timeout", "api.response-timeout",
            "api.max-requests-per-second", "api.retry.max-attempts", "api.retry.initial-backoff",
            "api.retry.max-backoff", "api.max-retry-after", "api.call-deadline", "delivery.deadline", "delivery.deadline-warning",
            "alerts.mail-to", "alerts.webhook-url");
    static final List<String> CLIENT_PREFIXES = List.of("orders.column.", "orders.client-item-code.");

    private ConfigCheck() {
    }

    /** Every key of the file must be one the gateway reads. */
    static void knownKeys(Settings s, Set<String> keys, List<String> prefixes) {
        List<String> problems = new ArrayList<>();
        for (String key : s.asMap().keySet()) {
            if (keys.contains(key) || prefixes.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                continue;
            }
            String near = nearest(key, keys, prefixes);
            problems.add("unknown setting '" + key + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(s.source() + ": " + String.join("; ", problems));
        }
    }

    /** The known name closest to a misspelt one, when it is close enough to be meant. */
    static String nearest(String key, Set<String> keys, List<String> prefixes) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        List<String> candidates = new ArrayList<>(keys);
        candidates.addAll(prefixes);
        for (String k : candidates) {
            String compared = key;
            String tail = "";
            if (k.endsWith(".")) {
                // a prefix (console.user.) is compared with as many segments of the key, the rest is a name
                int segments = (int) k.chars().filter(c -> c == '.').count();
                int at = -1;
                for (int i = 0; i < segments && (at = key.indexOf('.', at + 1)) >= 0; i++) {
                    // find the dot that ends the key's own prefix
                }
                if (at < 0) {
                    continue;
                }
                compared = key.substring(0, at + 1);
                tail = key.substring(at + 1);
            }
            // a name lengthened or cut short (inbox.directory for inbox.dir) counts as one slip
            int d = !k.endsWith(".") && (key.startsWith(k) || k.startsWith(key)) ? 1 : distance(compared, k);
            if (d < bestDistance) {
                best = k + tail;
                bestDistance = d;
            }
        }
        // a third of the name may differ (inbox.directory -> inbox.dir, inbox.archive_dir -> inbox.archive-dir)
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    public static int port(Settings s, String key, int fallback) {
        int p = s.integer(key, fallback);
        if (p < 1 || p > 65535) {
            throw new ConfigException(s.source() + ": " + key + " " + p + " is not a port (1 to 65535)");
        }
        return p;
    }

    /** A Quartz cron expression (sec min hour day month weekday), checked here rather than by the scheduler. */
    static String cron(Settings s, String key, String fallback) {
        String cron = s.optional(key, fallback);
        try {
            new CronExpression(cron);
        } catch (ParseException e) {
            throw new ConfigException(s.source() + ": " + key + " '" + cron + "' is not a cron expression (sec min hour"
                    + " day month weekday, e.g. 0 30 1 * * ?): " + e.getMessage());
        }
        return cron;
    }

    static int atLeastOne(Settings s, String key, int fallback) {
        int n = s.integer(key, fallback);
        if (n < 1) {
            throw new ConfigException(s.source() + ": " + key + " must be at least 1, not " + n);
        }
        return n;
    }

    /**
     * What must be there on this machine before a run: the inbox and routes folders, the key and
     * known_hosts files (with at least one host key), the CA file, the API secret, the access point's
     * keystore opened with its password, the alerts' password and trust file. Every problem at once, in one
     * line ({@link #problems} lists them one a line for `clients check`). The archive, rejected and
     * acknowledgement folders are created owner-only when missing.
     */
    public static void environment(GatewayConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    /** Every problem {@link #environment} finds, each a sentence naming the setting, the file and what is wrong. */
    public static List<String> problems(GatewayConfig config) {
        List<String> out = new ArrayList<>();
        folder(out, "inbox.dir", config.inboxDir());
        folder(out, "routes.dir", config.routesDir());
        for (ClientProfile c : config.clients()) {
            String p = "client " + c.id() + ": ";
            if (c.takesOrders()) {
                readable(out, p + "sftp.known-hosts-file", c.sftp().knownHostsFile());
                if (privateKey(out, p + "sftp.private-key-file", c.sftp().privateKeyFile())) {
                    String passphraseEnv = c.sftp().passphraseEnv();
                    if (encrypted(c.sftp().privateKeyFile()) && (passphraseEnv == null
                            || System.getenv(passphraseEnv) == null || System.getenv(passphraseEnv).isEmpty())) {
                        out.add(p + "sftp.private-key-file " + c.sftp().privateKeyFile() + " is protected by a"
                                + " passphrase, but " + (passphraseEnv == null ? "no sftp.private-key-passphrase-env is"
                                + " configured" : "the environment variable " + passphraseEnv + " is not set"));
                    }
                }
                if (Files.isReadable(c.sftp().knownHostsFile()) && !hasHostKey(c.sftp().knownHostsFile())) {
                    out.add(p + "sftp.known-hosts-file " + c.sftp().knownHostsFile() + " holds no host key: host"
                            + " keys are always checked, so nothing could be delivered");
                }
            }
            if (c.api() != null) {
                if (c.api().caFile() != null) {
                    readable(out, p + "api.ca-file", c.api().caFile());
                }
                if (c.api().secretFile() != null) {
                    secretFile(out, p + "api.client-secret-file", c.api().secretFile());
                }
                check(out, () -> c.api().clientSecret()); // the one-line reason when it is missing
            }
        }
        AccessPointSettings ap = config.accessPoint();
        if (ap != null && config.clients().stream().anyMatch(c -> c.invoices() != null)) {
            accessPoint(out, ap);
        }
        ServiceSettings.Mail mail = config.service().mail();
        if (mail != null) {
            if (mail.passwordFile() != null) {
                secretFile(out, "alerts.mail.password-file", mail.passwordFile());
            }
            if (mail.user() != null) {
                check(out, () -> Arrays.fill(mail.password(), ' '));
            }
            if (mail.trustFile() != null) {
                readable(out, "alerts.mail.trust-file", mail.trustFile());
            }
        }
        if (config.dbPasswordEnv() != null && config.jdbcUrl().startsWith("jdbc:postgresql:")
                && System.getenv(config.dbPasswordEnv()) == null) {
            out.add("ledger.password-env: the environment variable " + config.dbPasswordEnv() + " (the PostgreSQL"
                    + " ledger's password) is not set; set it, empty only for a server that asks no password");
        }
        return out;
    }

    /** The access point's keystore: there, owner-only, and opened by its password with a key inside. */
    private static void accessPoint(List<String> out, AccessPointSettings ap) {
        if (ap.trustFile() != null) {
            readable(out, "ap.trust-file", ap.trustFile());
        }
        if (ap.keystorePasswordFile() != null) {
            secretFile(out, "ap.keystore-password-file", ap.keystorePasswordFile());
        }
        if (!secretFile(out, "ap.keystore-file", ap.keystoreFile())) {
            return;
        }
        char[] password;
        try {
            password = ap.keystorePassword();
        } catch (ConfigException e) {
            out.add(e.getMessage());
            return;
        }
        try (var in = Files.newInputStream(ap.keystoreFile())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            boolean key = false;
            for (var aliases = ks.aliases(); aliases.hasMoreElements(); ) {
                key |= ks.isKeyEntry(aliases.nextElement());
            }
            if (!key) {
                out.add("ap.keystore-file " + ap.keystoreFile() + " holds no private key: the access point knows the"
                        + " supplier by the client certificate and key it issued");
            }
        } catch (IOException | GeneralSecurityException e) {
            out.add("ap.keystore-file " + ap.keystoreFile() + " cannot be opened with its password ("
                    + (ap.keystorePasswordFile() != null ? "ap.keystore-password-file " + ap.keystorePasswordFile()
                    : "environment variable " + ap.keystorePasswordEnv()) + "): a wrong password, or not a PKCS#12 file");
        } finally {
            Arrays.fill(password, ' ');
        }
    }

    /** A check that throws its one-line reason, added to the problems. */
    private static void check(List<String> out, Runnable check) {
        try {
            check.run();
        } catch (ConfigException e) {
            out.add(e.getMessage());
        }
    }

    /**
     * A private key file: readable, a private key (not the .pub beside it), and readable by its owner only
     * (as OpenSSH itself demands). True when it can be read.
     */
    private static boolean privateKey(List<String> out, String key, Path file) {
        if (!readable(out, key, file)) {
            return false;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            out.add(key + " " + file + " cannot be read: " + e.getMessage());
            return false;
        }
        String start = text.stripLeading();
        if (!text.contains("PRIVATE KEY-----")) {
            out.add(key + " " + file + " is not a private key" + (start.startsWith("ssh-") || start.startsWith("ecdsa-")
                    ? " but a public one (the .pub file?); name the private key beside it" : " (no PRIVATE KEY block)"));
            return false;
        }
        return secretFile(out, key, file);
    }

    /** A file holding a secret: there, readable, and by nobody but its owner. True when it can be read. */
    private static boolean secretFile(List<String> out, String key, Path file) {
        if (!readable(out, key, file)) {
            return false;
        }
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                var perms = Files.getPosixFilePermissions(file);
                if (perms.contains(PosixFilePermission.GROUP_READ)
                        || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    out.add(key + " " + file + " holds a secret but is readable by others than its owner ("
                            + PosixFilePermissions.toString(perms) + "): chmod 600 it");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here: nothing to check
        }
        return true;
    }

    /** Whether a private key file needs a passphrase: PEM marks it ENCRYPTED, OpenSSH names a cipher. */
    static boolean encrypted(Path key) {
        String text;
        try {
            text = Files.readString(key, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return false; // unreadable is reported on its own
        }
        if (text.contains("ENCRYPTED")) {
            return true;
        }
        int begin = text.indexOf("-----BEGIN OPENSSH PRIVATE KEY-----");
        int end = text.indexOf("-----END OPENSSH PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            return false;
        }
        byte[] blob;
        try {
            blob = Base64.getMimeDecoder().decode(text.substring(begin + 35, end));
        } catch (IllegalArgumentException e) {
            return false;
        }
        // "openssh-key-v1\0", then the cipher's name as a length-prefixed string: "none" when unprotected
        byte[] magic = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);
        if (blob.length < magic.length + 4 || !Arrays.equals(Arrays.copyOf(blob, magic.length), magic)) {
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(blob, magic.length, blob.length - magic.length);
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
            return false;
        }
        byte[] cipher = new byte[length];
        b.get(cipher);
        return !"none".equals(new String(cipher, StandardCharsets.US_ASCII));
    }

    private static void folder(List<String> out, String key, Path dir) {
        if (!Files.isDirectory(dir)) {
            out.add(key + " " + dir.toAbsolutePath().normalize() + " does not exist or is not a folder");
        }
    }

    private static boolean readable(List<String> out, String key, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            out.add(key + " " + file + " does not exist or is not readable");
            return false;
        }
        return true;
    }

    private static boolean hasHostKey(Path knownHosts) {
        try {
            return Files.readAllLines(knownHosts).stream().map(String::strip)
                    .anyMatch(l -> !l.isEmpty() && !l.startsWith("#") && l.split("\\s+").length >= 3);
        } catch (IOException e) {
            throw new ConfigException("sftp.known-hosts-file " + knownHosts + " is not readable: " + e.getMessage());
        }
    }
}
