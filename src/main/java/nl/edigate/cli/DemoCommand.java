package nl.edigate.cli;

import java.io.PrintWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded client simulator on loopback (SFTP server with its own host key,",
                "checking what it receives as the client would), puts example ERP exports into a demo inbox,",
                "runs the nightly job against it and prints the run report and where the files lie."})
public final class DemoCommand implements Callable<Integer> {
    static final String[] EXAMPLES = {"orders_20261125-231000.csv", "projects_20261125-231000.json"};

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--dir", defaultValue = "target/demo",
            description = "work folder of the demo, emptied first (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Gateway.guarded(spec.commandLine().getErr(), () -> {
            clean(dir);
            try (ClientSimulator client = ClientSimulator.start(dir)) {
                GatewayConfig cfg = client.config(config.file, Map.of());
                putExamples(client.inbox());
                out.println("client simulator: SFTP on 127.0.0.1:" + client.sftp().port()
                        + ", host key checked against " + client.knownHosts());
                out.println("client simulator: REST API on " + client.api().baseUrl()
                        + " (OAuth2), its private CA trusted from " + client.caFile());
                RunReport report;
                try (Ledger ledger = Gateway.openLedger(cfg);
                     GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                    report = runtime.runNow("demo");
                }
                out.println();
                out.print(report.toText());
                out.println();
                out.println("The client simulator received, in " + client.sftp().orderResponseDir() + ":");
                for (SftpSimulator.Verdict v : client.sftp().verdicts()) {
                    out.println("  " + v.fileName() + "  "
                            + (v.accepted() ? "valid (UBL XSD + PEPPOLBIS-T76)" : "INVALID " + v.reasons()));
                }
                out.println("The client's API registered " + client.api().registrations().size()
                        + " progress report(s), each checked against its JSON Schema:");
                for (var r : client.api().registrations()) {
                    out.println("  " + r.location() + "  Idempotency-Key " + r.idempotencyKey());
                }
                out.println("Ledger: " + cfg.jdbcUrl() + "   archived exports: " + dir.resolve("archive"));
                out.flush();
                boolean allValid = client.sftp().verdicts().stream().allMatch(SftpSimulator.Verdict::accepted);
                return allValid ? report.exitCode() : Gateway.ATTENTION;
            }
        });
    }

    /** The examples as the ERP left them last night: complete files, no longer growing. */
    private static void putExamples(Path inbox) throws IOException {
        Files.createDirectories(inbox);
        for (String name : EXAMPLES) {
            Path target = inbox.resolve(name);
            try (InputStream in = DemoCommand.class.getResourceAsStream("/demo/" + name)) {
                Files.copy(in, target);
            }
            Files.setLastModifiedTime(target, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        }
    }

    private static void clean(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
