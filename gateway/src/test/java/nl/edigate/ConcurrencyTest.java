package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.simulator.GatewayProcess;
import nl.edigate.simulator.ClientSimulator;

/**
 * Two `run` processes started at once over the same ledger: one takes the delivery lease and delivers,
 * the other refuses with a clear message naming the owner; nothing is delivered twice. (Commands beside
 * `serve`: OperatorsBesideServeTest.)
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
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
            a.waitFor(); // each to its end, however long a loaded machine takes (@Timeout guards a hang)
            b.waitFor();

            List<Integer> codes = List.of(a.exitValue(), b.exitValue());
            assertThat(codes).as(Files.readString(outA) + Files.readString(outB)).containsExactlyInAnyOrder(0, 2);
            String refused = a.exitValue() == 2 ? Files.readString(outA) : Files.readString(outB);
            assertThat(refused).contains("refused: delivery is owned by another edigate process, run (pid")
                    .doesNotContain("\tat ");
            List<String> names;
            try (Stream<Path> files = Files.list(client.sftp().importedDir())) {
                names = files.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(names).hasSize(200);
            assertThat(new HashSet<>(names)).hasSize(200);
        }
    }
}
