package nl.edigate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import nl.edigate.run.RunReport;
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
        settings.putAll(overrides);
        config = client.config(Path.of("config/gateway.properties"), settings);
        ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone());
    }

    public static GatewayHarness start(Path dir) throws IOException {
        return new GatewayHarness(dir, Map.of());
    }

    public static GatewayHarness start(Path dir, Map<String, String> overrides) throws IOException {
        return new GatewayHarness(dir, overrides);
    }

    public Path putExport(String name, String content) {
        try {
            return Files.writeString(config.inboxDir().resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        return ledger.documents(config.client().id(), nl.edigate.projects.ProjectIntake.DOC_TYPE);
    }

    public RunReport.Section projects(RunReport report) {
        return report.section(nl.edigate.projects.ProjectIntake.DOC_TYPE);
    }

    /** Every file in the client's /in/orderresponse. */
    public Set<String> remoteFiles() {
        try (Stream<Path> files = Files.list(client.sftp().orderResponseDir())) {
            Set<String> names = new TreeSet<>();
            files.forEach(f -> names.add(f.getFileName().toString()));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        runtime.close();
        ledger.close();
        client.close();
    }
}
