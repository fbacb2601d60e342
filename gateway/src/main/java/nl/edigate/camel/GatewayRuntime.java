package nl.edigate.camel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import nl.edigate.acks.Acknowledgements;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.CamelSftpChannel;
import nl.edigate.delivery.ClientTls;
import nl.edigate.delivery.HttpsApiChannel;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;
import nl.edigate.run.NightlyRun;

/**
 * The Camel side of the gateway: one context, the beans bound once, the YAML routes loaded from the
 * routes folder, endpoint settings fed in as placeholders from the configuration.
 */
public final class GatewayRuntime implements AutoCloseable {
    private final CamelContext context;
    private final NightlyRun nightlyRun;
    private final ProducerTemplate template;
    private final Acknowledgements acknowledgements;
    private final boolean serving;

    public GatewayRuntime(GatewayConfig config, Ledger ledger, boolean schedule, Clock clock) {
        checkFiles(config.client());
        this.serving = schedule;
        this.context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(placeholders(config, schedule));
        context.getShutdownStrategy().setTimeout(30);
        this.template = context.createProducerTemplate();
        ClientProfile.ApiSettings api = config.client().api();
        context.getRegistry().bind("clientApiTls", ClientTls.parameters(api == null ? null : api.caFile()));
        // the HTTP client must not retry on its own: every attempt has to be a ledger row
        context.getComponent("https", HttpComponent.class).setAutomaticRetriesDisabled(true);
        context.getComponent("https", HttpComponent.class).setCookieManagementDisabled(true);
        context.getComponent("http", HttpComponent.class).setAutomaticRetriesDisabled(true);
        // only order responses are acknowledged over SFTP (MLR); progress reports are answered by the API
        this.acknowledgements = new Acknowledgements(ledger, config.acksDir(),
                new Acknowledgements.Parties(config.client().id(), config.client().gln(),
                        config.supplier().gln(), Set.of(OrderFileReader.DOC_TYPE)));
        context.getRegistry().bind("acknowledgements", acknowledgements);
        this.nightlyRun = new NightlyRun(config, ledger, new CamelSftpChannel(template, config.supplier().gln()),
                api == null ? null : new HttpsApiChannel(template, api), clock, this::collectAcknowledgements);
        context.getRegistry().bind("nightlyRun", nightlyRun);
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(routeFiles(config.routesDir()));
            // the routes' endpoints are made when the context starts, their consumers only when the routes
            // start: so the security guard looks at every endpoint before anything can poll or connect
            context.setAutoStartup(false);
            context.start();
            SecurityGuard.check(context, config.allowInsecure());
            for (Route route : context.getRoutes()) {
                if (route.isAutoStartup()) {
                    context.getRouteController().startRoute(route.getRouteId());
                }
            }
        } catch (ConfigException e) {
            context.stop();
            throw e;
        } catch (Exception e) {
            throw new ConfigException("cannot start the routes in " + config.routesDir() + ": " + e.getMessage());
        }
    }

    private static void checkFiles(ClientProfile client) {
        if (!Files.isReadable(client.sftp().knownHostsFile())) {
            throw new ConfigException("client " + client.id() + ": sftp.known-hosts-file "
                    + client.sftp().knownHostsFile() + " is not readable (host keys are always checked)");
        }
        if (!Files.isReadable(client.sftp().privateKeyFile())) {
            throw new ConfigException("client " + client.id() + ": sftp.private-key-file "
                    + client.sftp().privateKeyFile() + " is not readable");
        }
        if (client.api() != null && client.api().caFile() != null && !Files.isReadable(client.api().caFile())) {
            throw new ConfigException("client " + client.id() + ": api.ca-file " + client.api().caFile()
                    + " is not readable");
        }
    }

    private List<Resource> routeFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("the routes folder " + dir.toAbsolutePath() + " does not exist");
        }
        List<Resource> resources = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path file : files) {
                resources.add(ResourceHelper.resolveResource(context, "file:" + file.toAbsolutePath()));
            }
        }
        if (resources.isEmpty()) {
            throw new ConfigException("the routes folder " + dir.toAbsolutePath() + " holds no *.yaml route");
        }
        return resources;
    }

    static Properties placeholders(GatewayConfig config, boolean schedule) {
        ClientProfile c = config.client();
        Properties p = new Properties();
        p.setProperty("client.sftp.host", c.sftp().host());
        p.setProperty("client.sftp.port", Integer.toString(c.sftp().port()));
        p.setProperty("client.sftp.user", c.sftp().user());
        p.setProperty("client.sftp.private-key-file", c.sftp().privateKeyFile().toAbsolutePath().toString());
        p.setProperty("client.sftp.known-hosts-file", c.sftp().knownHostsFile().toAbsolutePath().toString());
        String remoteDir = c.sftp().remoteDir().startsWith("/") ? c.sftp().remoteDir() : "/" + c.sftp().remoteDir();
        p.setProperty("client.sftp.remote-dir", remoteDir);
        p.setProperty("client.sftp.connect-timeout-ms", Long.toString(c.sftp().connectTimeout().toMillis()));
        p.setProperty("client.sftp.read-timeout-ms", Long.toString(c.sftp().readTimeout().toMillis()));
        if (c.sftp().passphraseEnv() != null) {
            String passphrase = System.getenv(c.sftp().passphraseEnv());
            if (passphrase != null && !passphrase.isEmpty()) {
                p.setProperty("client.sftp.private-key-passphrase", passphrase);
            }
        }
        ClientProfile.ApiSettings api = c.api();
        // without an API the routes still start, towards a name that cannot resolve
        p.setProperty("client.api.base-url", api == null ? "https://api.not-configured.invalid" : api.baseUrl());
        p.setProperty("client.api.token-url", api == null ? "https://api.not-configured.invalid" : api.tokenUrl());
        p.setProperty("client.api.connect-timeout-ms", Long.toString(api == null ? 10000 : api.connectTimeout().toMillis()));
        p.setProperty("client.api.response-timeout-ms", Long.toString(api == null ? 30000 : api.responseTimeout().toMillis()));
        p.setProperty("client.sftp.ack-dir", c.sftp().ackDir().startsWith("/") ? c.sftp().ackDir() : "/" + c.sftp().ackDir());
        p.setProperty("acks.autostart", Boolean.toString(schedule));
        p.setProperty("acks.poll-interval-ms", Long.toString(schedule ? config.ackPollInterval().toMillis() : 200));
        p.setProperty("schedule.enabled", Boolean.toString(schedule));
        p.setProperty("schedule.cron", c.cron());
        return p;
    }

    /**
     * One pass over the client's /out/mlr now: the route is (re)started, which polls at once, and the
     * pass ends at its first poll that finds nothing more. Outside `serve` the route is stopped again.
     */
    public synchronized AckTally collectAcknowledgements() {
        String id = "collect-acknowledgements";
        try {
            context.getRouteController().stopRoute(id);
            acknowledgements.beginPass();
            context.getRouteController().startRoute(id);
            AckTally tally = acknowledgements.awaitPass(120_000);
            if (!serving) {
                awaitNoneInFlight(id);
                context.getRouteController().stopRoute(id);
            }
            return tally;
        } catch (Exception e) {
            AckTally t = new AckTally();
            t.failed("acknowledgements could not be collected: " + e.getMessage());
            return t;
        }
    }

    /**
     * The pass has reported, but its last exchange may still be finishing: stopping the route then makes
     * Camel's shutdown wait in steps of a whole second (measured: an empty run took 1 s longer, half the time).
     */
    private void awaitNoneInFlight(String routeId) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        while (context.getInflightRepository().size(routeId) > 0 && System.nanoTime() < until) {
            Thread.sleep(2);
        }
    }

    /** Whether a route runs (for tests of what starts by itself). */
    boolean isStarted(String routeId) {
        return context.getRouteController().getRouteStatus(routeId).isStarted();
    }

    public Acknowledgements acknowledgements() {
        return acknowledgements;
    }

    public NightlyRun nightlyRun() {
        return nightlyRun;
    }

    /** One run now, through the route, as the schedule would do it. */
    public RunReport runNow(String kind) {
        return template.requestBody("direct:nightly-run", kind, RunReport.class);
    }

    @Override
    public void close() {
        nightlyRun.requestStop();
        // waits for the route in flight (the document being uploaded), then closes the session
        context.stop();
    }
}
