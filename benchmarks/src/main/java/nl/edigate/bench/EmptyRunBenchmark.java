package nl.edigate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import nl.edigate.simulator.ClientSimulator;

/**
 * {@code edigate run} with an empty inbox and nothing waiting, as cron starts it: a new JVM each time,
 * against the loopback simulator (so the acknowledgement pass does connect over SFTP). The first run
 * creates the ledger; the runs after it are measured. Prints one Markdown table row.
 * Usage: bench/empty-run.sh [runs].
 */
public final class EmptyRunBenchmark {
    private EmptyRunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-empty-run").toAbsolutePath();
        PipelineBenchmark.deleteTree(work);
        try (ClientSimulator client = ClientSimulator.start(work)) {
            Path gateway = client.writeConfigFiles(work.resolve("gateway"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Double> seconds = new ArrayList<>();
            int first = -1;
            for (int i = 0; i <= runs; i++) {
                long t = System.nanoTime();
                ProcessBuilder pb = new ProcessBuilder(java, "-jar", "gateway/target/edigate.jar", "run", "--config",
                        gateway.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("runs.log").toFile()));
                pb.environment().put("EDIGATE_API_CLIENT_SECRET", client.clientSecret());
                int exit = pb.start().waitFor();
                double s = (System.nanoTime() - t) / 1e9;
                if (exit != 0) {
                    throw new IllegalStateException("run " + i + " exited " + exit + "; see " + work.resolve("runs.log"));
                }
                if (i == 0) {
                    first = (int) Math.round(s * 1000);
                } else {
                    seconds.add(s);
                }
            }
            Collections.sort(seconds);
            System.out.printf("| `run`, empty inbox, nothing waiting (new JVM each time) | first run (creates the ledger)"
                    + " %.1f s | %d runs after it: median %.2f s, slowest %.2f s |%n", first / 1000.0, runs,
                    seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
        }
    }
}
