package nl.edigate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** One client: identifiers, channel, schedule, retry policy and column mapping. */
public record ClientProfile(String id, String name, String gln, String cron, SftpSettings sftp,
                            RetryPolicy retry, Map<String, String> orderColumns) {

    public record SftpSettings(String host, int port, String user, Path privateKeyFile, String passphraseEnv,
                               Path knownHostsFile, String remoteDir, Duration connectTimeout,
                               Duration readTimeout) {
    }

    public static ClientProfile from(Settings s) {
        String id = s.required("client.id");
        if (!id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new ConfigException(s.source() + ": client.id '" + id + "' must be lower case letters, digits, - or _");
        }
        String gln = s.required("client.gln");
        if (!Identifiers.isValidGln(gln)) {
            throw new ConfigException(s.source() + ": client.gln '" + gln + "' is not a valid GLN (13 digits, GS1 check digit)");
        }
        String channel = s.optional("orders.channel", "sftp");
        if (!channel.equals("sftp")) {
            throw new ConfigException(s.source() + ": orders.channel '" + channel + "' is not supported (sftp)");
        }
        String remoteDir = s.optional("sftp.remote-dir", "/in/orderresponse");
        SftpSettings sftp = new SftpSettings(s.required("sftp.host"), s.integer("sftp.port", 22),
                s.required("sftp.user"), s.path("sftp.private-key-file", null),
                s.optional("sftp.private-key-passphrase-env", null), s.path("sftp.known-hosts-file", null),
                remoteDir, s.duration("sftp.connect-timeout", Duration.ofSeconds(15)),
                s.duration("sftp.read-timeout", Duration.ofSeconds(60)));
        if (s.optional("sftp.private-key-file", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'sftp.private-key-file' is missing");
        }
        if (s.optional("sftp.known-hosts-file", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'sftp.known-hosts-file' is missing (host keys are always checked)");
        }
        RetryPolicy retry = new RetryPolicy(s.integer("retry.max-attempts", 4),
                s.duration("retry.initial-backoff", Duration.ofSeconds(5)),
                s.duration("retry.max-backoff", Duration.ofMinutes(2)));
        if (retry.maxAttempts() < 1) {
            throw new ConfigException(s.source() + ": retry.max-attempts must be at least 1");
        }
        Map<String, String> columns = s.section("orders.column.");
        return new ClientProfile(id, s.required("client.name"), gln, s.optional("schedule.cron", "0 30 1 * * ?"),
                sftp, retry, columns);
    }

    /** The ERP column header for a field; the field name itself when the profile does not map it. */
    public String orderColumn(String field) {
        return orderColumns.getOrDefault(field, field);
    }
}
