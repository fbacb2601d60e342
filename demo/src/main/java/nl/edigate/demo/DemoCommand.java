package nl.edigate.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.cli.ConfigOption;
import nl.edigate.cli.Gateway;
import nl.edigate.cli.MessagesCommand;
import nl.edigate.cli.ShowCommand;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.Resender;
import nl.edigate.report.RunReport;
import nl.edigate.run.DeliveryLease;
import nl.edigate.simulator.AccessPointSimulator.Response;
import nl.edigate.simulator.AccessPointSimulator;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the nightly job against the embedded client simulators and shows what happened.",
                "The simulators (the clients' SFTP servers, REST API and Peppol access point, each checking what it",
                "receives as the client would) run on loopback; example ERP exports go into a demo inbox; the run",
                "report, the clients' verdicts and the ledger are printed, and the configuration is left behind."})
public final class DemoCommand implements Callable<Integer> {
    /** The first client's orders and projects; the consortium's orders and one of a client without a profile. */
    static final String[] EXAMPLES = {"orders_20261125-231000.csv", "orders_20261125-231500.csv",
            "projects_20261125-231000.json", "invoices_20261125-231000.csv"};
    /** The municipality's answers to the demo's e-invoices: one is paid, one rejected with its reason. */
    static final String REJECTED_INVOICE = "F-2026-001235";
    static final String STALE_ITEM_CODE = "K-60012";
    static final String NEW_ITEM_CODE = "K-60112";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Option(names = "--dir", defaultValue = "target/demo",
            description = "work folder of the demo: new, empty, or one an earlier demo made, which is emptied"
                    + " first (default: ${DEFAULT-VALUE})")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Gateway.guarded(spec.commandLine().getErr(), () -> {
            prepare(dir);
            try (ClientSimulator client = ClientSimulator.start(dir)) {
                GatewayConfig cfg = client.configWithAllClients(config.file(), Map.of(), Map.of());
                putExamples(client.inbox());
                AccessPointSimulator ap = client.accessPoint();
                ap.setQueuedPolls(0); // the buyer's access point confirms at once: the run's own pass sees SENT
                ap.respond("F-2026-001234", Response.of("AB"), Response.of("AP"), Response.of("PD"));
                ap.respond("C-2026-000017", Response.of("AB"), Response.of("AP"));
                ap.respond("F-2026-001300", Response.of("AB"), Response.of("AP"));
                ap.respond(REJECTED_INVOICE, Response.of("AB"),
                        new Response("RE", "REF", "Inkoopordernummer PO-9999 is bij de gemeente onbekend"));
                // a rule of the client that the gateway cannot check: its catalogue no longer knows this code
                client.sftp().rejectItemCodes(List.of(STALE_ITEM_CODE));
                out.println("client simulator: SFTP on 127.0.0.1:" + client.sftp().port()
                        + ", host key checked against " + client.knownHosts());
                out.println("client simulator: REST API on " + client.api().baseUrl()
                        + " (OAuth2), its private CA trusted from " + client.caFile());
                out.println("consortium simulator: SFTP on 127.0.0.1:" + client.consortium().port()
                        + " with its EDI translator, host key checked against " + client.consortiumKnownHosts());
                out.println("access point simulator: " + ap.baseUrl() + " over mutual TLS (our client certificate"
                        + " from its own CA), validating SI-UBL 2.0 as the AP does, answering for the municipality");
                out.println();
                out.println("=== 1. The nightly run: intake, delivery, the client's acknowledgements");
                RunReport first;
                try (Ledger ledger = Gateway.openLedger(cfg);
                     DeliveryLease lease = DeliveryLease.take(ledger, "demo")) {
                    try (GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                        first = runtime.runNow("demo");
                    }
                    out.print(first.toText());
                    out.println();
                    out.println("The client's importer picked up, into " + client.sftp().importedDir() + ":");
                    for (SftpSimulator.Verdict v : client.sftp().verdicts()) {
                        out.println("  " + v.fileName() + "  "
                                + (v.accepted() ? "valid (UBL XSD + PEPPOLBIS-T76)" : "INVALID " + v.reasons()));
                    }
                    out.println("The consortium's translator picked up, into " + client.consortium().importedDir() + ":");
                    for (SftpSimulator.Verdict v : client.consortium().verdicts()) {
                        out.println("  " + v.fileName() + "  "
                                + (v.accepted() ? "valid (UNOC:3, ORDRSP D.96A segment table and code lists)"
                                : "INVALID " + v.reasons()) + "; its CONTRL recorded");
                    }
                    out.println("The client's API registered " + client.api().registrations().size()
                            + " progress report(s), each checked against its JSON Schema:");
                    for (var r : client.api().registrations()) {
                        out.println("  " + r.location() + "  Idempotency-Key " + r.idempotencyKey());
                    }

                    out.println("The access point took " + ap.accepted().size() + " e-invoice(s), each valid by the"
                            + " SI-UBL 2.0 rules; the buyers answered:");
                    for (var t : ap.accepted()) {
                        LedgerDocument inv = ledger.latestForKey(clientOf(cfg, t.receiver()), InvoiceIntake.DOC_TYPE,
                                t.invoiceNumber()).orElseThrow();
                        out.println("  " + t.invoiceNumber() + (t.typeCode().equals("381") ? " (credit note)" : "")
                                + " to " + t.receiver() + "  transmission " + t.id() + "  now " + inv.status()
                                + (inv.ackReasons() == null || inv.status() != DocumentStatus.REJECTED ? ""
                                : "  reasons: " + inv.ackReasons()));
                    }
                    out.println();
                    out.println("=== The municipality rejected invoice " + REJECTED_INVOICE + "; the operator looks:");
                    long rejectedInvoice = ledger.latestForKey("gemeente", InvoiceIntake.DOC_TYPE, REJECTED_INVOICE)
                            .orElseThrow().pk();
                    ShowCommand.print(out, ledger, ledger.document(rejectedInvoice).orElseThrow());

                    List<LedgerDocument> rejected = new ArrayList<>(ledger.find(DocumentFilter.all()
                            .withStatuses(Set.of(DocumentStatus.REJECTED)), 10, 0));
                    rejected.removeIf(d -> !d.docType().equals(OrderFileReader.DOC_TYPE));
                    if (!rejected.isEmpty()) {
                        out.println();
                        out.println("=== 2. The client rejected " + rejected.size() + " document(s); the operator looks:");
                        ShowCommand.print(out, ledger, rejected.get(0));
                        out.println();
                        out.println("=== 3. The fix: the client renamed item " + STALE_ITEM_CODE + " to " + NEW_ITEM_CODE
                                + "; the operator adds it to the client profile's cross-reference");
                        out.println("      (orders.client-item-code." + STALE_ITEM_CODE + "=" + NEW_ITEM_CODE
                                + ") and resends with --rerender:");
                        GatewayConfig fixed = client.configWithAllClients(config.file(),
                                Map.of("orders.client-item-code." + STALE_ITEM_CODE, NEW_ITEM_CODE), Map.of());
                        List<Long> ids = new ArrayList<>();
                        rejected.forEach(d -> ids.add(d.pk()));
                        try (GatewayRuntime runtime = Gateway.runtime(fixed, ledger, false)) {
                            new OperatorService(fixed, ledger, fixed.clock()).resend(
                                    new OperatorService.Request(ids, Resender.Mode.RERENDER, false,
                                            "item code renamed by the client; cross-reference added",
                                            System.getProperty("user.name", "demo"), "ids " + ids),
                                    runtime.nightlyRun()::deliverOnly, p -> { });
                            out.println();
                            out.println("=== 4. Resent and acknowledged:");
                            out.print(runtime.nightlyRun().collectOnly().toText());
                        }
                    }
                    out.println();
                    out.println("=== The ledger now (messages):");
                    var all = DocumentFilter.all();
                    MessagesCommand.table(out, ledger.find(all, 50, 0), ledger.countByStatus(all), 0,
                            Instant.now());
                    out.println();
                    out.println("Ledger: " + cfg.jdbcUrl() + "   archived exports: " + dir.resolve("archive"));
                    Path left = leaveConfiguration(client, cfg);
                    out.println("The demo's configuration is left behind: `messages`, `show` and `serve` work on its"
                            + " ledger with --config " + left + " (the simulators have stopped with the demo).");
                    // what did not end as the demo means it to: anything FAILED, and any rejection but the
                    // municipality's scripted one
                    long open = ledger.find(all.withStatuses(Set.of(DocumentStatus.FAILED, DocumentStatus.REJECTED)),
                            1000, 0).stream().filter(d -> !d.businessKey().equals(REJECTED_INVOICE)).count();
                    boolean allValid = client.sftp().verdicts().stream().allMatch(SftpSimulator.Verdict::accepted)
                            && client.consortium().verdicts().stream().allMatch(SftpSimulator.Verdict::accepted);
                    out.println();
                    out.println(open == 0 && allValid
                            ? "demo result: as planned (exit code 0). The run above says \"attention needed\" for what"
                            + " the demo scripts on purpose: invoice " + REJECTED_INVOICE + " rejected by the"
                            + " municipality, the ERP invoice refused for its one-cent total, the order of a client"
                            + " without a profile left alone."
                            : "demo result: NOT as planned (exit code 1): " + open + " document(s) FAILED or REJECTED"
                            + " beyond the scripted rejection" + (allValid ? "" : ", and a client found a file invalid"));
                    out.flush();
                    return open == 0 && allValid ? Gateway.OK : Gateway.ATTENTION;
                }
            }
        });
    }

    /**
     * The configuration the demo ran with, as files next to its ledger, so that an operator's commands
     * work on the demo's ledger after it: the profiles pointed at the simulators' keys and known hosts,
     * the API secret from its file (the environment has none).
     */
    private Path leaveConfiguration(ClientSimulator client, GatewayConfig cfg) throws IOException {
        Path folder = dir.resolve("config");
        Path gateway = client.writeConfigFilesWithAllClients(folder);
        Files.writeString(gateway, Files.readString(gateway)
                .replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=" + cfg.jdbcUrl().replace("\\", "\\\\"))
                .replaceFirst("(?m)^inbox\\.dir=.*$", "inbox.dir=" + cfg.inboxDir().toAbsolutePath())
                .replaceFirst("(?m)^inbox\\.archive-dir=.*$", "inbox.archive-dir=" + cfg.archiveDir().toAbsolutePath())
                .replaceFirst("(?m)^inbox\\.rejected-dir=.*$", "inbox.rejected-dir=" + cfg.rejectedDir().toAbsolutePath())
                .replaceFirst("(?m)^acks\\.dir=.*$", "acks.dir=" + cfg.acksDir().toAbsolutePath()));
        Path profile = folder.resolve("client.properties");
        Files.writeString(profile, Files.readString(profile).replace(
                "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                "api.client-secret-file=" + client.workDir().resolve("keys/api-client-secret").toAbsolutePath()));
        remember(dir, folder);
        return gateway.toAbsolutePath();
    }

    /** The client whose invoices go to this Peppol participant. */
    private static String clientOf(GatewayConfig cfg, String participant) {
        return cfg.clients().stream().filter(c -> c.invoices() != null && c.invoices().participant().equals(participant))
                .findFirst().orElseThrow().id();
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

    /** Marks a folder as the demo's own: only such a folder is ever emptied by a later demo. */
    static final String MARKER = ".edigate-demo";
    private static final String FIRST_LINE = "made by `edigate demo`: a later demo may empty this folder";

    /**
     * Empties the demo's folder for a new demo: a new or empty folder is taken (and marked), one that an
     * earlier demo made (it carries the mark) is emptied, and any other folder is refused untouched. A demo
     * folder is refused too while its ledger is open in another process (a `serve` on the demo's
     * configuration) and when a configuration file the demo left was changed or added since.
     */
    static void prepare(Path dir) throws IOException {
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException("demo --dir " + dir + " is not a folder");
            }
            boolean empty;
            try (Stream<Path> list = Files.list(dir)) {
                empty = list.findAny().isEmpty();
            }
            if (!empty && !Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException("demo --dir " + dir + " holds files that no demo made; the demo empties"
                        + " its folder first, so give it a new or empty folder");
            }
            if (!empty) {
                refuseLedgerInUse(dir);
                refuseChangedConfiguration(dir);
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(MARKER), FIRST_LINE + "\n");
    }

    /**
     * The demo's ledger is open in another process (a `serve` or a command on the demo's configuration): H2
     * holds a lock on its file while it is open. Emptying the folder would delete that process's ledger.
     */
    private static void refuseLedgerInUse(Path dir) throws IOException {
        Path file = dir.resolve(LEDGER_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw inUse(dir, file);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(dir, file);
        }
    }

    private static ConfigException inUse(Path dir, Path file) {
        return new ConfigException("demo --dir " + dir + ": its ledger " + file + " is open in another process (a"
                + " serve or a command on the demo's configuration?); the demo would delete it: stop that process"
                + " first, or give the demo another folder");
    }

    /**
     * A configuration file under {@code config/} that is not as the demo left it (changed, or added since):
     * the user's work, which the demo would overwrite.
     */
    private static void refuseChangedConfiguration(Path dir) throws IOException {
        Path config = dir.resolve(CONFIG);
        if (!Files.isDirectory(config, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Map<String, String> left = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve(MARKER))) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].equals("config")) {
                left.put(parts[2], parts[1]);
            }
        }
        try (Stream<Path> walk = Files.walk(config)) {
            for (Path f : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                String name = dir.relativize(f).toString();
                if (!sha256(f).equals(left.get(name))) {
                    throw new ConfigException("demo --dir " + dir + ": " + name + (left.containsKey(name)
                            ? " was changed after the demo wrote it" : " was not written by the demo")
                            + "; the demo empties its folder first: move the file away, or give the demo another folder");
                }
            }
        }
    }

    /** Writes down each configuration file the demo left, with its hash, in the folder's mark. */
    static void remember(Path dir, Path config) throws IOException {
        StringBuilder sb = new StringBuilder(FIRST_LINE).append('\n');
        try (Stream<Path> walk = Files.walk(config)) {
            for (Path f : walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                sb.append("config ").append(sha256(f)).append(' ').append(dir.relativize(f)).append('\n');
            }
        }
        Files.writeString(dir.resolve(MARKER), sb.toString());
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where the demo keeps its ledger and its configuration, inside its folder. */
    static final String LEDGER_FILE = "ledger/edigate.mv.db";
    static final String CONFIG = "config";
}
