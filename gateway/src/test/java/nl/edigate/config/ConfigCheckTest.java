package nl.edigate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.edigate.ConfigFiles;
import nl.edigate.cli.CommandLineTest.Result;
import nl.edigate.cli.CommandLineTest;
import nl.edigate.simulator.ClientSimulator;

/** Every setting checked at start: one line, exit 2, no ledger created, nothing sent. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ConfigCheckTest {

    @TempDir
    Path dir;

    /** Runs `run` on the shipped files pointed at a simulator, with one change to the gateway or profile file. */
    private Result runWith(UnaryOperator<String> gateway, UnaryOperator<String> profile) throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir)) {
            Path gatewayFile = ConfigFiles.writeWithSecretFileAndExports(dir, client);
            Path clientFile = dir.resolve("client.properties");
            Files.writeString(clientFile, profile.apply(Files.readString(clientFile)));
            Files.writeString(gatewayFile, gateway.apply(Files.readString(gatewayFile)));
            return CommandLineTest.execute("run", "--config", gatewayFile.toString());
        }
    }

    private void assertConfigError(Result r, String... parts) {
        assertThat(r.exitCode()).as(r.err() + r.out()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("configuration error: ").contains(parts).doesNotContain("\n")
                .doesNotContain("Exception");
        assertThat(dir.resolve("ledger")).as("no ledger is created for a bad configuration").doesNotExist();
        assertThat(dir.resolve("inbox")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("orders_"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inbox.dir=|inbox.directory=|unknown setting 'inbox.directory' (did you mean 'inbox.dir'?)",
            "inbox.archive-dir=|inbox.archive_dir=|unknown setting 'inbox.archive_dir' (did you mean 'inbox.archive-dir'?)",
            "console.port=8480|console.port=99999|console.port 99999 is not a port",
            "inbox.stable-after=0s|inbox.stable-after=-5s|must not be negative",
            "alerts.max-per-hour=20|alerts.webhook-url=https:hooks.example.com|alerts.webhook-url 'https:hooks.example.com' names no host",
            "alerts.max-per-hour=20|alerts.webhook-url=https://hooks.example.com:99999/x|alerts.webhook-url port 99999 is not a port"})
    void aBadGatewaySettingIsOneLineAndExit2(String from, String to, String message) throws Exception {
        assertConfigError(runWith(g -> g.replace(from, to), p -> p), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "api.retry.max-attempts=14|api.retry.max-attempts=-1|api.retry.max-attempts must be at least 1, not -1",
            "schedule.cron=0 30 1 * * ?|schedule.cron=0 30 25 * * ?|schedule.cron '0 30 25 * * ?' is not a cron expression",
            "retry.max-attempts=4|retry.maxattempts=4|unknown setting 'retry.maxattempts' (did you mean 'retry.max-attempts'?)",
            "orders.column.aantal=|orders.kolom.aantal=|unknown setting 'orders.kolom.aantal'"})
    void aBadProfileSettingIsOneLineAndExit2(String from, String to, String message) throws Exception {
        assertConfigError(runWith(g -> g, p -> p.replace(from, to)), message);
    }

    @Test
    void aPortOutOfRangeIsRefused() throws Exception {
        assertConfigError(runWith(g -> g, p -> p.replaceAll("sftp.port=[0-9]+", "sftp.port=99999")),
                "sftp.port 99999 is not a port");
    }

    @Test
    void anEmptyKnownHostsFileIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "# nothing here\n");
        assertConfigError(runWith(g -> g, p -> p.replaceAll("sftp.known-hosts-file=.*",
                "sftp.known-hosts-file=" + empty)), "holds no host key");
    }

    @Test
    void aMissingApiSecretIsFoundAtStartNotRetried() throws Exception {
        assertConfigError(runWith(g -> g, p -> p.replaceAll("api.client-secret-file=.*\n", "")
                .replace("api.client-secret-env=EDIGATE_API_CLIENT_SECRET", "api.client-secret-env=EDIGATE_TEST_NO_SUCH_VAR")),
                "the API client secret is not set", "EDIGATE_TEST_NO_SUCH_VAR");
    }

    @Test
    void aMissingInboxIsNamed() throws Exception {
        Path missing = dir.resolve("no-inbox");
        Result r = runWith(g -> g.replaceAll("inbox.dir=.*", "inbox.dir=" + missing), p -> p);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("configuration error: inbox.dir " + missing
                + " does not exist or is not a folder");
        assertThat(dir.resolve("ledger")).doesNotExist();
    }

    @Test
    void theNearestKnownNameIsOnlySuggestedWhenItIsClose() {
        assertThat(ConfigCheck.nearest("inbox.directory", ConfigCheck.GATEWAY_KEYS, ConfigCheck.GATEWAY_PREFIXES))
                .isEqualTo("inbox.dir");
        assertThat(ConfigCheck.nearest("colour", ConfigCheck.GATEWAY_KEYS, ConfigCheck.GATEWAY_PREFIXES)).isNull();
        assertThat(ConfigCheck.nearest("console.usr.jansen", ConfigCheck.GATEWAY_KEYS, ConfigCheck.GATEWAY_PREFIXES))
                .isEqualTo("console.user.jansen");
    }

    @Test
    void aKeyProtectedByAPassphraseNeedsThePassphrase() throws Exception {
        Path key = dir.resolve("protected_ed25519");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", key.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        assertThat(ConfigCheck.encrypted(key)).isTrue();
        Path plain = dir.resolve("plain_ed25519");
        Process plainGen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", plain.toString())
                .redirectErrorStream(true).start();
        assertThat(plainGen.waitFor()).isZero();
        assertThat(ConfigCheck.encrypted(plain)).isFalse();

        assertConfigError(runWith(g -> g, p -> p.replaceAll("sftp.private-key-file=.*", "sftp.private-key-file=" + key)
                .replace("sftp.private-key-passphrase-env=EDIGATE_SFTP_KEY_PASSPHRASE",
                        "sftp.private-key-passphrase-env=EDIGATE_TEST_NO_SUCH_VAR")),
                "is protected by a passphrase, but the environment variable EDIGATE_TEST_NO_SUCH_VAR is not set");
    }

    @Test
    void aLedgerThatAsksForAPasswordNamesTheVariableThatIsNotSet() throws Exception {
        // PostgreSQL: the variable named by ledger.password-env is not set at all
        Result pg = runWith(g -> g.replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=jdbc:postgresql://127.0.0.1:1/edigate")
                .replace("ledger.password-env=EDIGATE_LEDGER_PASSWORD", "ledger.password-env=EDIGATE_TEST_UNSET_PASSWORD"),
                p -> p);
        assertConfigError(pg, "ledger.password-env: the environment variable EDIGATE_TEST_UNSET_PASSWORD (the PostgreSQL"
                + " ledger's password) is not set");
    }

    @Test
    void aLedgerUserWithAPasswordOpenedWithoutOneNamesTheVariable() throws Exception {
        Path ledger = dir.resolve("guarded/edigate");
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + ledger, "edigate", "s3cret")) {
            c.createStatement().execute("SELECT 1");
        }
        Result r = runWith(g -> g.replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=jdbc:h2:file:" + ledger)
                .replace("ledger.password-env=EDIGATE_LEDGER_PASSWORD", "ledger.password-env=EDIGATE_TEST_UNSET_PASSWORD"),
                p -> p);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("configuration error: the ledger refused user 'edigate' without a"
                + " password: set the environment variable EDIGATE_TEST_UNSET_PASSWORD").doesNotContain("\n");
    }
}
