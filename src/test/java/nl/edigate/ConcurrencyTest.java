package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.simulator.ClientSimulator;

/**
 * Two `run` processes started at once over the same ledger: one delivers, the other refuses with a clear
 * message; nothing is delivered twice. A command-line resend while another process holds the ledger is
 * refused the same way.
 */
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void twoRunsAtOnceNeverDeliverADocumentTwice() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = Files.createDirectories(dir.resolve("gw"));
            Path gateway = ConfigFiles.write(work, client);
            OrdersCsv csv = new OrdersCsv();
            for (int i = 1; i <= 200; i++) {
                csv.addOrder("VO-" + (200000 + i), 2);
            }
            Files.writeString(work.resolve("inbox/orders_20261125-231000.csv"), csv.build());
            Path outA = work.resolve("a.log");
            Path outB = work.resolve("b.log");
            Process a = GatewayProcess.start(gateway, outA, client.clientSecret(), "run");
            Process b = GatewayProcess.start(gateway, outB, client.clientSecret(), "run");
            assertThat(a.waitFor(180, TimeUnit.SECONDS)).isTrue();
            assertThat(b.waitFor(180, TimeUnit.SECONDS)).isTrue();

            List<Integer> codes = List.of(a.exitValue(), b.exitValue());
            assertThat(codes).as(Files.readString(outA) + Files.readString(outB)).containsExactlyInAnyOrder(0, 2);
            String refused = a.exitValue() == 2 ? Files.readString(outA) : Files.readString(outB);
            assertThat(refused).contains("in use by another edigate process").doesNotContain("\tat ");
            List<String> names;
            try (Stream<Path> files = Files.list(client.sftp().importedDir())) {
                names = files.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(names).hasSize(200);
            assertThat(new HashSet<>(names)).hasSize(200);

            // a resend from the command line while a run holds the ledger is refused, and changes nothing
            Files.writeString(work.resolve("inbox/orders_20261126-231000.csv"), csv.build());
            Process run = GatewayProcess.start(gateway, work.resolve("c.log"), client.clientSecret(), "serve");
            try {
                String serveLog = "";
                for (int i = 0; i < 600 && !serveLog.contains("console:"); i++) {
                    Thread.onSpinWait();
                    serveLog = Files.exists(work.resolve("c.log")) ? Files.readString(work.resolve("c.log")) : "";
                    run.waitFor(100, TimeUnit.MILLISECONDS);
                }
                Process resend = GatewayProcess.start(gateway, work.resolve("d.log"), client.clientSecret(), "resend",
                        "--status", "ACCEPTED", "--force", "--reason", "while serve runs");
                assertThat(resend.waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(resend.exitValue()).isEqualTo(2);
                assertThat(Files.readString(work.resolve("d.log"))).contains("in use by another edigate process",
                        "use serve's console");
            } finally {
                run.destroy(); // SIGTERM: serve finishes what is in flight and exits
                assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
            Set<String> after = new HashSet<>();
            try (Stream<Path> files = Files.list(client.sftp().importedDir())) {
                files.forEach(p -> after.add(p.getFileName().toString()));
            }
            assertThat(after).hasSize(200);
        }
    }
}
