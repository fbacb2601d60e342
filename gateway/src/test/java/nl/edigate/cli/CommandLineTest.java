package nl.edigate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import nl.edigate.Application;
import nl.edigate.ConfigFiles;
import nl.edigate.simulator.ClientSimulator;

@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
public class CommandLineTest {

    @TempDir
    Path dir;

    public record Result(int exitCode, String out, String err) {
    }

    public static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new Application());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "serve"}) {
            Result r = execute(command, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage: edigate " + command, "--config");
        }
        // the production distribution has no demo: that is the demo module's, with the simulator
        String help = execute("--help").out();
        assertThat(help).contains("run", "serve", "resend", "ledger").doesNotContain("demo");
        // the description is whole sentences, one a line (none cut by the 80 columns), and names the date words
        List<String> description = help.lines().skip(1).takeWhile(l -> !l.startsWith("  -")).toList();
        assertThat(description).isNotEmpty().allMatch(l -> l.endsWith(".") && Character.isUpperCase(l.charAt(0)));
        assertThat(help).contains("today or yesterday");
        // each command's first line in the list is a whole sentence (it may wrap, it is not cut)
        List<String> commands = help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).toList();
        StringBuilder entry = new StringBuilder();
        List<String> entries = new java.util.ArrayList<>();
        for (String l : commands) {
            if (l.startsWith("  ") && !l.startsWith("   ") && entry.length() > 0) {
                entries.add(entry.toString());
                entry.setLength(0);
            }
            entry.append(l.strip()).append(' ');
        }
        entries.add(entry.toString());
        assertThat(entries).hasSizeGreaterThan(6).allMatch(e -> e.strip().endsWith("."));
        Result version = execute("--version");
        assertThat(version.out()).startsWith("edigate ").contains("Java ");
    }

    @Test
    void aMissingConfigurationIsExplainedInOneLineWithExitCode2() {
        Result r = execute("run", "--config", dir.resolve("nope.properties").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("configuration error: configuration file not found").doesNotContain("\n");
    }

    @Test
    void aBadClientGlnIsAConfigurationError() throws Exception {
        Path client = dir.resolve("client.properties");
        Files.writeString(client, Files.readString(Path.of("config/clients/opdrachtgever.properties"))
                .replace("client.gln=8798765000008", "client.gln=8798765000009"));
        Path gateway = dir.resolve("gateway.properties");
        Files.writeString(gateway, Files.readString(Path.of("config/gateway.properties"))
                .replaceFirst("(?m)^clients=.*$", "clients=" + client));
        Result r = execute("run", "--config", gateway.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("client.gln", "8798765000009", "not a valid GLN").doesNotContain("\n");
    }

    @Test
    void aMissingKnownHostsFileIsAConfigurationErrorNotASilentAccept() throws Exception {
        // the shipped profile names /etc/edigate/known_hosts, which this machine does not have
        Path gateway = dir.resolve("gateway.properties");
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(gateway, Files.readString(Path.of("config/gateway.properties"))
                .replace("../data/ledger/edigate", dir.resolve("ledger/edigate").toString())
                .replace("inbox.dir=../data/inbox", "inbox.dir=" + dir.resolve("inbox"))
                .replace("routes.dir=../routes", "routes.dir=" + Path.of("routes").toAbsolutePath())
                .replaceFirst("(?m)^clients=.*$", "clients=" + Path.of("config/clients/opdrachtgever.properties")
                        .toAbsolutePath()));
        Result r = execute("run", "--config", gateway.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("sftp.known-hosts-file", "not readable");
    }

    @Test
    void runPrintsTheReportAndExitsZeroWhenAllIsDeliveredAndOneWhenSomethingIsRejected() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir)) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir, client);
            Result ok = execute("run", "--config", gateway.toString());
            assertThat(ok.exitCode()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("ORDER_RESPONSE", "delivered                4", "PROGRESS_REPORT",
                    "delivered                3", "result: everything delivered");

            Files.writeString(dir.resolve("inbox/orders_20261126-231000.csv"), "ordernummer\n");
            Result bad = execute("run", "--config", gateway.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.out()).contains("files set aside", "orders_20261126-231000.csv");
        }
    }

    @Test
    void aLongRunSaysWhatItIsDoingAndWaitingForOnStderr() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir)) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir, client);
            Path profile = dir.resolve("client.properties");
            // the client's API is unreachable: the reports wait for their retries
            int closed;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closed = s.getLocalPort();
            }
            Files.writeString(profile, Files.readString(profile).replace(client.api().baseUrl(),
                    "https://127.0.0.1:" + closed).replaceFirst("(?m)^api\\.retry\\.max-attempts=.*$",
                    "api.retry.max-attempts=2").replaceFirst("(?m)^api\\.retry\\.initial-backoff=.*$",
                    "api.retry.initial-backoff=100ms").replaceFirst("(?m)^api\\.retry\\.max-backoff=.*$",
                    "api.retry.max-backoff=200ms"));
            Result r = execute("run", "--config", gateway.toString());
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("run: intake...", "run: delivery...", "run: acknowledgements...")
                    .containsPattern("run: HTTPS \\S+: attempt 1 failed \\(TRANSIENT: .*\\); next try at "
                            + "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}, at most 2 attempts");
            assertThat(r.out()).doesNotContain("run: ");
        }
    }

    @Test
    void aRunMissedWhileDownIsCaughtUp() {
        var cron = ServeCommand.cron("0 30 1 * * ?");
        Instant lastRun = Instant.parse("2026-11-24T00:30:00Z");
        assertThat(ServeCommand.missedRun(Optional.of(lastRun), cron, lastRun.plusSeconds(3600 * 30))).isTrue();
        assertThat(ServeCommand.missedRun(Optional.of(lastRun), cron, lastRun.plusSeconds(60))).isFalse();
        assertThat(ServeCommand.missedRun(Optional.empty(), cron, lastRun)).isFalse();
    }

    @Test
    void aBadCronIsAConfigurationError() {
        Assertions.assertThatThrownBy(() -> ServeCommand.cron("every night"))
                .hasMessageContaining("schedule.cron");
    }
}
