package nl.edigate.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.sun.management.OperatingSystemMXBean;

import nl.edigate.ledger.Ledger;

/**
 * The ledger's own cost per delivered document on a ledger that grows: N documents of 2 KB stored 100 to a
 * transaction, then every one of them delivered as delivery records it (the attempt's start and the
 * previous success in one commit), timed in steps of 10,000 so that a growing per-document cost shows. No
 * network and no Camel: what the ledger adds to a night, and how the H2 settings change it.
 * <p>{@code java -cp edigate-benchmarks.jar nl.edigate.bench.LedgerBenchmark 100000 [extra H2 URL settings]}
 */
public final class LedgerBenchmark {
    private LedgerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String extra = args.length > 1 ? args[1] : "";
        Path dir = Files.createTempDirectory("edigate-ledger-bench");
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath() + extra;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String payload = "<OrderResponse>" + "x".repeat(2000) + "</OrderResponse>";
        try (Ledger ledger = new Ledger(url, "edigate", "")) {
            long run = ledger.startRun("bench");
            long t0 = System.nanoTime();
            long c0 = os.getProcessCpuTime();
            List<Ledger.NewDocument> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(new Ledger.NewDocument("opdrachtgever", "ORDER_RESPONSE", "PO-" + i + "/VO-" + i,
                        Integer.toHexString(i).repeat(8), UUID.randomUUID().toString(), payload, "orders_bench.csv",
                        i + 2L, run, "row " + i));
                if (batch.size() == 100) {
                    ledger.insertDocuments(batch);
                    batch.clear();
                }
            }
            System.out.printf("stored %d: %.1f s wall, %.1f s cpu%n", n, secs(System.nanoTime() - t0),
                    secs(os.getProcessCpuTime() - c0));
            List<Long> keys = ledger.deliverableKeys("opdrachtgever", "ORDER_RESPONSE");
            Ledger.Success previous = null;
            long stepWall = System.nanoTime();
            long stepCpu = os.getProcessCpuTime();
            for (int i = 0; i < keys.size(); i++) {
                long pk = keys.get(i);
                long attempt = ledger.beginAttempt(pk, run, "SFTP", previous);
                previous = new Ledger.Success(attempt, pk, "ORDRSP_" + pk + ".xml", null, null,
                        Duration.ofHours(4), nl.edigate.ledger.DocumentStatus.SENT);
                if ((i + 1) % 10_000 == 0) {
                    System.out.printf("delivered %d: last 10,000 %.1f s wall, %.1f s cpu%n", i + 1,
                            secs(System.nanoTime() - stepWall), secs(os.getProcessCpuTime() - stepCpu));
                    stepWall = System.nanoTime();
                    stepCpu = os.getProcessCpuTime();
                }
            }
            ledger.attemptSucceeded(previous);
        }
        System.out.printf("file: %d MB%n", Files.size(dir.resolve("ledger.mv.db")) / 1_000_000);
        PipelineBenchmark.deleteTree(dir); // gigabytes: a few runs would fill the disk
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }
}
