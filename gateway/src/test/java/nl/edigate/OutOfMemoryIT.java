package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.GatewayProcess;

/**
 * Out of memory in the middle of intake: the JVM stops at once (-XX:+ExitOnOutOfMemoryError, as the launcher
 * and the unit start it), so that nothing half-written reaches the ledger; the next run opens the ledger as
 * the last commit left it and finishes the night, every order once.
 */
class OutOfMemoryIT {
    /**
     * A heap in which the gateway starts but cannot take this export in: tried on OpenJDK 17 with the serial
     * collector and 3,000 orders, 28 to 60 MiB all died in intake (up to 48 MiB before its first commit, at 56
     * and 60 MiB after 100 and 2,000 orders were stored), 64 MiB took it in. 40 MiB: far from either end.
     */
    static final String SMALL_HEAP = System.getProperty("edigate.oom.heap", "-Xmx40m");
    static final int ORDERS = Integer.getInteger("edigate.oom.orders", 3000);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void aRunThatRunsOutOfMemoryDuringIntakeStopsAtOnceAndTheNextRunFinishesTheNight() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = Files.createDirectories(dir.resolve("gw"));
            Path gateway = ConfigFiles.write(work, client);
            client.sftp().setAcknowledge(false);
            OrdersCsv csv = new OrdersCsv();
            for (int i = 1; i <= ORDERS; i++) {
                csv.addOrder("VO-" + i, 3);
            }
            Path export = Files.writeString(work.resolve("inbox/orders_20261125-231000.csv"), csv.build());

            Path oomLog = work.resolve("oom.log");
            Process dying = GatewayProcess.startWith(List.of(SMALL_HEAP, "-XX:+UseSerialGC",
                    "-XX:+ExitOnOutOfMemoryError"), gateway, oomLog, client.clientSecret(), "run");
            int code = dying.waitFor(); // to its end, however long a loaded machine takes
            String died = Files.readString(oomLog);
            System.out.println("out of memory run: exit " + code + "\n" + died.lines().filter(l -> l.contains("OutOfMemory")
                    || l.contains("intake") || l.contains("result")).limit(10).toList());
            assertThat(died).as(died).contains("Terminating due to java.lang.OutOfMemoryError");
            assertThat(died.indexOf("run: intake...")).as("it died in intake, not at start")
                    .isBetween(0, died.indexOf("Terminating due to"));
            assertThat(code).as(died).isEqualTo(3);
            assertThat(export).as("the export was not archived: it is read again").exists();
            // the ledger opens as the last commit left it
            try (Ledger ledger = Ledger.forReading("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "")) {
                System.out.println("out of memory run: " + ledger.documents("opdrachtgever", "ORDER_RESPONSE").size()
                        + " documents stored before it died");
                assertThat(ledger.runs(10, 0)).singleElement().satisfies(r -> assertThat(r.finishedAt()).isNull());
            }

            Path nextLog = work.resolve("next.log");
            Process next = GatewayProcess.start(gateway, nextLog, client.clientSecret(), "run");
            int nextCode = next.waitFor();
            String text = Files.readString(nextLog);
            assertThat(nextCode).as(text).isLessThan(2);
            assertThat(text).contains("edigate run", "result:");
            assertThat(export).as("taken in and archived by the next run").doesNotExist();
            try (Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "")) {
                List<LedgerDocument> docs = ledger.documents("opdrachtgever", "ORDER_RESPONSE");
                assertThat(docs).hasSize(ORDERS);
                assertThat(docs.stream().map(LedgerDocument::businessKey).distinct()).hasSize(ORDERS);
                assertThat(docs).allMatch(d -> d.sentAt() != null);
            }
        }
    }
}
