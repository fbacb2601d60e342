package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.GatewayProcess;

/**
 * The operator's morning while `serve` runs, each command its own process as an operator types it, on the
 * embedded H2 ledger and on PostgreSQL: `messages` and `show` answer; `resend --dry-run` changes nothing;
 * `resend` is handed to serve through the ledger, carried out by it, and the command shows its progress
 * and its result; a second `run` is refused while serve owns delivery.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class OperatorsBesideServeTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static synchronized String postgresUrl() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void messagesShowAndAHandedOverResendWorkWhileServeRuns(String database) throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = Files.createDirectories(dir.resolve("gw"));
            Path gateway = ConfigFiles.write(work, client);
            int port;
            try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
                port = free.getLocalPort();
            }
            String settings = Files.readString(gateway) + "\nconsole.port=" + port + "\n";
            if (database.equals("PostgreSQL")) {
                settings = settings.replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=" + postgresUrl())
                        .replaceFirst("(?m)^ledger\\.user=.*$", "ledger.user=postgres");
            }
            Files.writeString(gateway, settings);
            ConfigFiles.putDemoExports(work.resolve("inbox"));
            // the night, by `run`; then serve stays up through the day
            Run night = command(work, gateway, client, "run");
            assertThat(night.out).contains("delivered");
            Path serveLog = work.resolve("serve.log");
            Process serve = GatewayProcess.start(gateway, serveLog, client.clientSecret(), "serve");
            try {
                // the event: serve prints its console's address once it is up
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !serve.isAlive() || Files.readString(serveLog).contains("console:"));
                assertThat(serve.isAlive()).as("serve is up").isTrue();

                Run messages = command(work, gateway, client, "messages", "--type", "ORDER_RESPONSE");
                assertThat(messages.code).as(messages.out).isZero();
                assertThat(messages.out).contains("PO-88001").doesNotContain("in use");
                String number = messages.out.lines().filter(l -> l.contains("PO-88001")).findFirst().orElseThrow()
                        .split("\\s+")[0];

                Run show = command(work, gateway, client, "show", number);
                assertThat(show.code).as(show.out).isZero();
                assertThat(show.out).contains("PO-88001", "attempt");

                Run dry = command(work, gateway, client, "resend", number, "--force", "--dry-run", "--reason", "check");
                assertThat(dry.code).as(dry.out).isZero();
                assertThat(dry.out).contains("would resend #" + number, "nothing changed");

                // a resend is handed to serve, which carries it out; the command follows it to its end
                Run resend = command(work, gateway, client, "resend", number, "--force", "--reason", "client asked again");
                assertThat(resend.code).as(resend.out).isZero();
                assertThat(resend.out).contains("resend: handed to serve (pid", "by " + System.getProperty("user.name"),
                        "1 document(s) going out now", "delivered                1",
                        "1 of 1 resent document(s) delivered, 0 failed; 0 not resent (exit code 0)");
                // and serve's journal has the resend's run report, as it has every run's
                assertThat(Files.readString(serveLog)).contains("edigate run ", "delivered                1");

                // while serve owns delivery, a second delivering process is refused, naming the owner
                Run run = command(work, gateway, client, "run");
                assertThat(run.code).as(run.out).isEqualTo(2);
                assertThat(run.out).contains("refused: delivery is owned by another edigate process, serve (pid");
                assertThat(serve.isAlive()).isTrue();
            } finally {
                serve.destroy(); // SIGTERM: serve finishes what is in flight and gives the lease back
                serve.waitFor();
            }
            // serve has gone: the lease is free again and a run goes ahead
            Run after = command(work, gateway, client, "run");
            assertThat(after.code).as(after.out).isLessThan(2);
        }
    }

    record Run(int code, String out) {
    }

    private static int counter;

    private static Run command(Path work, Path gateway, ClientSimulator client, String... args) throws Exception {
        Path log = work.resolve("command-" + (++counter) + ".log");
        Process p = GatewayProcess.start(gateway, log, client.clientSecret(), args);
        p.waitFor(); // to its end, however long a loaded machine takes (@Timeout guards a hang)
        return new Run(p.exitValue(), Files.readString(log));
    }
}
