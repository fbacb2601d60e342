package nl.edigate.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import nl.edigate.simulator.ClientSimulator;

/**
 * {@code edigate run} with an empty inbox and nothing waiting, as cron starts it: a new JVM each time,
 * through bin/edigate of the distribution archive unpacked (its class data sharing archive made after
 * the first run), or {@code java -jar gateway/target/edigate.jar} with {@code --jar}; against the
 * loopback simulator (so the acknowledgement pass does connect over SFTP). The first run creates the
 * ledger; the runs after it are measured. Prints one Markdown table row.
 * Usage: bench/empty-run.sh [runs] [--jar].
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
            Path launcher = args.length > 2 && args[2].equals("--jar") ? null : unpack(work.resolve("install"));
            List<Double> seconds = new ArrayList<>();
            int first = -1;
            for (int i = 0; i <= runs; i++) {
                long t = System.nanoTime();
                List<String> command = new ArrayList<>();
                if (launcher != null) {
                    command.add(launcher.toString());
                } else {
                    command.add(java);
                    // extra JVM options to try (-Dedigate.bench.jvm="-Xlog:class+load:file=cl.txt:uptime ...")
                    String extra = System.getProperty("edigate.bench.jvm", "").strip();
                    if (!extra.isEmpty()) {
                        command.addAll(List.of(extra.split("\\s+")));
                    }
                    command.addAll(List.of("-jar", "gateway/target/edigate.jar"));
                }
                command.addAll(List.of("run", "--config", gateway.toString()));
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("runs.log").toFile()));
                pb.environment().put("EDIGATE_API_CLIENT_SECRET", client.clientSecret());
                pb.environment().put("EDIGATE_CDS_DIR", work.resolve("cds").toString());
                int exit = pb.start().waitFor();
                double s = (System.nanoTime() - t) / 1e9;
                if (exit != 0) {
                    throw new IllegalStateException("run " + i + " exited " + exit + "; see " + work.resolve("runs.log"));
                }
                if (i == 0) {
                    first = (int) Math.round(s * 1000);
                    if (launcher != null) {
                        awaitArchive(work.resolve("cds"));
                    }
                } else {
                    seconds.add(s);
                }
            }
            Collections.sort(seconds);
            System.out.printf("| `run`, empty inbox, nothing waiting (new JVM each time, %s) | first run (creates the ledger)"
                    + " %.1f s | %d runs after it: median %.2f s, slowest %.2f s |%n",
                    launcher == null ? "java -jar edigate.jar" : "bin/edigate of the archive", first / 1000.0, runs,
                    seconds.get(seconds.size() / 2), seconds.get(seconds.size() - 1));
        }
    }

    /** The distribution archive (`mvn package`) unpacked: its bin/edigate, as cron would start it. */
    static Path unpack(Path into) throws Exception {
        Path archive;
        try (var found = java.nio.file.Files.list(Path.of("dist/target"))) {
            archive = found.filter(p -> p.getFileName().toString().matches("edigate-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no dist/target/edigate-*.tar.gz: mvn package first"));
        }
        java.nio.file.Files.createDirectories(into);
        if (new ProcessBuilder("tar", "xzf", archive.toAbsolutePath().toString()).directory(into.toFile())
                .inheritIO().start().waitFor() != 0) {
            throw new IllegalStateException("cannot unpack " + archive);
        }
        try (var top = java.nio.file.Files.list(into)) {
            return top.filter(java.nio.file.Files::isDirectory).findFirst().orElseThrow().resolve("bin/edigate");
        }
    }

    /** The launcher makes its class data sharing archive after the first run, in the background. */
    static void awaitArchive(Path cds) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (var files = java.nio.file.Files.list(cds)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                if (names.stream().anyMatch(n -> n.endsWith("-run.jsa")) && names.stream().noneMatch(n -> n.contains(".list"))) {
                    return;
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // not made yet
            }
            Thread.sleep(100);
        }
        System.err.println("no class data sharing archive after 2 minutes: runs measured without");
    }
}
