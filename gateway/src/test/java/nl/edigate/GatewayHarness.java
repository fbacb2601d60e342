package nl.edigate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.Resender;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;

/**
 * A whole gateway against a real SFTP server (the client simulator) and a real H2 file ledger, in a
 * test's temporary folder. Quick retries so that fault tests stay short.
 */
public final class GatewayHarness implements AutoCloseable {
    public final ClientSimulator client;
    public final GatewayConfig config;
    public final Ledger ledger;
    public final GatewayRuntime runtime;

    private GatewayHarness(Path dir, Map<String, String> overrides) throws IOException {
        this(dir, overrides, false);
    }

    private GatewayHarness(Path dir, Map<String, String> overrides, boolean withConsortium) throws IOException {
        this(dir, overrides, withConsortium, Map.of());
    }

    private GatewayHarness(Path dir, Map<String, String> overrides, boolean withConsortium,
                           Map<String, String> consortiumOverrides) throws IOException {
        this(dir, overrides, withConsortium, consortiumOverrides, false);
    }

    private GatewayHarness(Path dir, Map<String, String> overrides, boolean withConsortium,
                           Map<String, String> consortiumOverrides, boolean allClients) throws IOException {
        client = ClientSimulator.start(dir);
        Map<String, String> settings = new HashMap<>(Map.of(
                "inbox.stable-after", "0s",
                "retry.max-attempts", "3",
                "retry.initial-backoff", "50ms",
                "retry.max-backoff", "200ms",
                "sftp.connect-timeout", "5s",
                "sftp.read-timeout", "10s",
                "api.retry.max-attempts", "4",
                "api.retry.initial-backoff", "50ms",
                "api.retry.max-backoff", "200ms",
                "api.response-timeout", "1s"));
        settings.put("ap.retry.max-attempts", "4");
        settings.put("ap.retry.initial-backoff", "50ms");
        settings.put("ap.retry.max-backoff", "200ms");
        settings.putAll(overrides);
        config = allClients
                ? client.configWithAllClients(Path.of("config/gateway.properties"), settings,
                        consortiumSettings(consortiumOverrides))
                : withConsortium
                ? client.configWithConsortium(Path.of("config/gateway.properties"), settings,
                        consortiumSettings(consortiumOverrides))
                : client.config(Path.of("config/gateway.properties"), settings);
        ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone());
    }

    public static GatewayHarness start(Path dir) throws IOException {
        return new GatewayHarness(dir, Map.of());
    }

    public static GatewayHarness start(Path dir, Map<String, String> overrides) throws IOException {
        return new GatewayHarness(dir, overrides);
    }

    /** Both clients: the first (T76) and the consortium (EDIFACT), each on its own simulated server. */
    public static GatewayHarness startWithConsortium(Path dir, Map<String, String> overrides) throws IOException {
        return new GatewayHarness(dir, overrides, true);
    }

    /** As {@link #startWithConsortium(Path, Map)}, with settings of the consortium's profile too. */
    public static GatewayHarness startWithConsortium(Path dir, Map<String, String> overrides,
                                                     Map<String, String> consortiumOverrides) throws IOException {
        return new GatewayHarness(dir, overrides, true, consortiumOverrides);
    }

    /** All three clients: the first (T76), the consortium (EDIFACT) and the municipality (e-invoices via the AP). */
    public static GatewayHarness startWithAllClients(Path dir, Map<String, String> overrides) throws IOException {
        return new GatewayHarness(dir, overrides, true, Map.of(), true);
    }

    private static Map<String, String> consortiumSettings(Map<String, String> overrides) {
        Map<String, String> s = new HashMap<>(Map.of("retry.max-attempts", "3", "retry.initial-backoff", "50ms",
                "retry.max-backoff", "200ms", "sftp.connect-timeout", "5s", "sftp.read-timeout", "10s"));
        s.putAll(overrides);
        return s;
    }

    public List<LedgerDocument> documents(String clientId) {
        return ledger.documents(clientId, OrderFileReader.DOC_TYPE);
    }

    public Path putExport(String name, String content) {
        try {
            return Files.writeString(config.inboxDir().resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An operator's resend, as the command does it: prepare (recorded), then deliver now. */
    public RunReport resend(List<Long> pks, Resender.Mode mode, boolean force, String reason) {
        return resend(pks, mode, force, reason, config);
    }

    public RunReport resend(List<Long> pks, Resender.Mode mode, boolean force, String reason,
                            GatewayConfig cfg) {
        Clock clock = Clock.systemDefaultZone();
        var request = new OperatorService.Request(pks, mode, force, reason, "tester", "ids " + pks);
        if (cfg == config) {
            return resend(new OperatorService(cfg, ledger, clock), request, runtime);
        }
        try (GatewayRuntime other = new GatewayRuntime(cfg, ledger, false, clock)) {
            return resend(new OperatorService(cfg, ledger, clock), request, other);
        }
    }

    private RunReport resend(OperatorService operators, OperatorService.Request request, GatewayRuntime by) {
        OperatorService.Done done = operators.resend(request, by.nightlyRun()::deliverOnly, p -> { });
        lastResend = done.prepared().outcome();
        lastDone = done;
        return done.delivery();
    }

    public Resender.Outcome lastResend;
    /** The last resend as the command and the console see it: its delivery and where its documents stand. */
    public OperatorService.Done lastDone;

    public RunReport collectAcks() {
        return runtime.nightlyRun().collectOnly();
    }

    public RunReport run() {
        return runtime.runNow("test");
    }

    public RunReport.Section orders(RunReport report) {
        return report.section(OrderFileReader.DOC_TYPE);
    }

    public List<LedgerDocument> documents() {
        return ledger.documents(config.client().id(), OrderFileReader.DOC_TYPE);
    }

    public List<LedgerDocument> reports() {
        return ledger.documents(config.client().id(), ProjectIntake.DOC_TYPE);
    }

    public RunReport.Section projects(RunReport report) {
        return report.section(ProjectIntake.DOC_TYPE);
    }

    /** Every file at the client: picked up by its importer, or still in /in/orderresponse. */
    public Set<String> remoteFiles() {
        Set<String> names = new TreeSet<>();
        for (Path dir : List.of(client.sftp().importedDir(), client.sftp().orderResponseDir())) {
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** A delivered file as the client's importer picked it up. */
    public Path received(String name) {
        return client.sftp().importedDir().resolve(name);
    }

    private final List<Runnable> closers = new ArrayList<>();

    public void onClose(Runnable r) {
        closers.add(r);
    }

    @Override
    public void close() {
        closers.forEach(Runnable::run);
        runtime.close();
        ledger.close();
        client.close();
    }
}
