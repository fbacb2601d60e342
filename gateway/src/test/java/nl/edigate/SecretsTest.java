package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.simulator.ApiSimulator.Fault;
import nl.edigate.simulator.ClientSimulator;

/**
 * Runs `edigate run` as its own process, with DEBUG logging, through a token renewal and a refused
 * report, then searches everything it left (stdout, stderr, the run report, every column of every
 * ledger table) for the client secret and every token the client issued.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class SecretsTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void noSecretOrTokenAppearsInLogsReportsOrTheLedger() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = dir.resolve("gw");
            Files.createDirectories(work);
            Path gateway = ConfigFiles.write(work, client);
            ConfigFiles.putDemoExports(work.resolve("inbox"));
            // a token that is refused once (renewal), and a report the client rejects (its answer is stored)
            client.api().enqueue(Fault.expireTokens(), Fault.none(), Fault.status(422));

            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "nl.edigate.Application", "run",
                    "--config", gateway.toString());
            pb.environment().put("EDIGATE_API_CLIENT_SECRET", client.clientSecret());
            pb.environment().put("EDIGATE_LOG_LEVEL", "DEBUG");
            pb.redirectErrorStream(true);
            File output = work.resolve("output.txt").toFile();
            pb.redirectOutput(output);
            Process p = pb.start();
            p.waitFor(); // to its end, however long a loaded machine takes (@Timeout guards a hang)
            String out = Files.readString(output.toPath(), StandardCharsets.UTF_8);

            assertThat(p.exitValue()).as(out).isEqualTo(1);
            assertThat(out).contains("PROGRESS_REPORT", "422", "DEBUG HttpsApiChannel - fetched a new API token");
            assertThat(client.api().issuedTokens()).hasSize(2);
            List<String> secrets = new ArrayList<>(client.api().issuedTokens());
            secrets.add(client.clientSecret());

            String ledger = LedgerDump.of("jdbc:h2:file:" + work.resolve("ledger/edigate"));
            assertThat(ledger).contains("PR-", "\"status\":422", "TOKEN_EXPIRED");
            for (String secret : secrets) {
                assertThat(out).as("process output").doesNotContain(secret);
                assertThat(ledger).as("ledger").doesNotContain(secret);
            }
            try (var files = Files.walk(work)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String secret : secrets) {
                        assertThat(text).as("file %s", f).doesNotContain(secret);
                    }
                }
            }
        }
    }
}
