package nl.edigate.camel;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.main.Main;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.ScheduledPollConsumer;

import nl.edigate.acks.AccessPointPass;
import nl.edigate.acks.AcknowledgementReader;
import nl.edigate.acks.AcknowledgementReaders;
import nl.edigate.acks.AcknowledgementRouter;
import nl.edigate.acks.CollectionFailures;
import nl.edigate.acks.CollectionPass;
import nl.edigate.acks.InvoiceResponses;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.AccessPoint;
import nl.edigate.delivery.AccessPointChannel;
import nl.edigate.delivery.AccessPointTls;
import nl.edigate.delivery.CallDeadlines;
import nl.edigate.delivery.CamelSftpChannel;
import nl.edigate.delivery.HttpsApiChannel;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.orders.OrderResponseFormats;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;
import nl.edigate.run.NightlyRun;

/**
 * The Camel side of the gateway, started by Camel Main: the YAML routes included from the routes folder,
 * the beans bound once, gateway-wide settings as placeholders and each client's settings as the parameters
 * of its route instances ({@link ClientRoutes}), the security guard run before any route starts.
 * <p>Over 300 lines: the one place where the routes, the channels of every client and the access point,
 * and the acknowledgement passes are put together.
 */
public final class GatewayRuntime implements AutoCloseable {
    /** A pass ends when the client's server hands over no file for this long. */
    private static final Duration PASS_SILENCE = Duration.ofMinutes(2);
    private final Main main;
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final CamelContext context;
    private final NightlyRun nightlyRun;
    private final ProducerTemplate template;
    /** Each client's channels, by client id. */
    private final Map<String, NightlyRun.ClientChannels> channels = new LinkedHashMap<>();
    /** Each SFTP client's permits to open a session (as many as its server allows at once), by client id. */
    private final Map<String, Semaphore> sessions = new LinkedHashMap<>();
    /** Each client's acknowledgement reader, by client id. */
    private final Map<String, AcknowledgementReader> acknowledgements = new LinkedHashMap<>();
    /** The access point's transmission statuses and Invoice Responses; null without an access point. */
    private AccessPointPass accessPointPass;
    /** The access point; null without one. */
    private AccessPoint accessPoint;
    /** The clients that receive e-invoices. */
    private final Set<String> invoiceClients = new java.util.HashSet<>();
    /** Which acknowledgement sources failed in their last passes (read by `serve`'s problem watch). */
    private final CollectionFailures collectionFailures;
    /** `serve`'s pass over every acknowledgement source on the timer of route acknowledgement-schedule. */
    private final AcknowledgementPass acknowledgementPass = new AcknowledgementPass(this);
    private final CallDeadlines callDeadlines = new CallDeadlines();

    public GatewayRuntime(GatewayConfig config, Ledger ledger, boolean schedule, Clock clock) {
        this.collectionFailures = new CollectionFailures(clock);
        config.clients().forEach(GatewayRuntime::checkFiles);
        Path routes = routesFolder(config.routesDir());
        // Camel Main assembles the context: the routes included from the routes folder by pattern, the
        // endpoint settings as initial properties (placeholders), the beans bound by name
        this.main = new Main();
        main.configure().withRoutesIncludePattern("file:" + routes.toAbsolutePath() + "/*.yaml")
                // the routes' endpoints are made when the context starts, their consumers only when the
                // routes start: so the security guard looks at every endpoint before anything can poll
                .withAutoStartup(false)
                // graceful shutdown: the document being uploaded is finished, then the session closed
                .withShutdownTimeout(30)
                .withJmxEnabled(false);
        main.setInitialProperties(placeholders(config, schedule));
        // Camel's own route metrics (exchanges, failures, processing time) in the registry /metrics shows
        main.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        // camel-ftp's sftp, without its two questions about our own temporary name before each upload
        main.bind("sftp", new DeliverySftpComponent());
        // every HTTP call within a total deadline (the routes' httpClientConfigurer)
        main.bind("callDeadlines", callDeadlines);
        // only order responses are acknowledged over SFTP, each in its format's acknowledgement (an MLR for
        // a T76, a CONTRL for an EDIFACT interchange); progress reports are answered by the API
        for (ClientProfile c : config.clients()) {
            if (!c.takesOrders()) {
                continue;
            }
            var parties = new AcknowledgementReader.Parties(c.id(), c.gln(), config.supplier().gln(),
                    Set.of(OrderFileReader.DOC_TYPE));
            acknowledgements.put(c.id(), AcknowledgementReaders.of(
                    OrderResponseFormats.of(config.supplier(), c).acknowledgement(), ledger, config.acksDir(), parties));
        }
        main.bind("acknowledgements", new AcknowledgementRouter(acknowledgements));
        main.bind("acknowledgementPass", acknowledgementPass);
        try {
            main.init();
            this.context = main.getCamelContext();
            // the HTTP client must not retry on its own: every attempt has to be a ledger row
            for (String scheme : new String[] {"http", "https"}) {
                HttpComponent http = context.getComponent(scheme, HttpComponent.class);
                http.setAutomaticRetriesDisabled(true);
                http.setCookieManagementDisabled(true);
            }
            context.addRoutePolicyFactory(routeMetrics(context));
            this.template = context.createProducerTemplate();
            AccessPoint ap = accessPoint(config, ledger);
            for (ClientProfile c : config.clients()) {
                // the client's delivery and acknowledgement routes, from the routes folder's templates
                ClientRoutes.add(context, c);
                List<CamelSftpChannel> orders = new ArrayList<>();
                if (c.takesOrders()) {
                    Semaphore permits = new Semaphore(c.sftp().sessions(), true);
                    sessions.put(c.id(), permits);
                    var format = OrderResponseFormats.of(config.supplier(), c);
                    for (int lane = 1; lane <= c.sftp().sessions(); lane++) {
                        orders.add(new CamelSftpChannel(template, c.id(), config.supplier().gln(), format, ledger,
                                c.sftp(), lane, permits));
                    }
                }
                AccessPointChannel invoices = c.invoices() == null ? null
                        : new AccessPointChannel(ap, config.supplier().participant(), c.invoices().participant());
                if (invoices != null) {
                    invoiceClients.add(c.id());
                }
                channels.put(c.id(), new NightlyRun.ClientChannels(c, orders,
                        c.api() == null ? null : new HttpsApiChannel(template, c.id(), c.api(), callDeadlines), invoices));
            }
            if (schedule) {
                // only `serve` keeps a schedule: without one, no Quartz scheduler is made, whose stop waits
                // for its idle threads (0.4 s of every `run`)
                ClientRoutes.addSchedules(context, config.schedules());
            }
            this.nightlyRun = new NightlyRun(config, ledger, List.copyOf(channels.values()), clock,
                    this::collectAcknowledgements);
            main.bind("nightlyRun", nightlyRun);
            main.start();
            SecurityGuard.check(context, config.allowInsecure());
            for (Route route : context.getRoutes()) {
                if (route.isAutoStartup()) {
                    context.getRouteController().startRoute(route.getRouteId());
                }
            }
        } catch (ConfigException e) {
            main.stop();
            throw e;
        } catch (Exception e) {
            main.stop();
            throw new ConfigException("cannot start the routes in " + config.routesDir() + ": " + e.getMessage());
        }
    }

    /** The access point's route, client and pass, when one is configured. */
    private AccessPoint accessPoint(GatewayConfig config, Ledger ledger) {
        if (config.accessPoint() == null) {
            return null;
        }
        AccessPointTls tls = AccessPointTls.of(config.accessPoint());
        ClientRoutes.addAccessPoint(context, config.accessPoint(), tls);
        AccessPoint ap = new AccessPoint(template, config.accessPoint(), tls, callDeadlines);
        accessPoint = ap;
        Map<String, String> buyers = new LinkedHashMap<>();
        config.clients().stream().filter(c -> c.invoices() != null)
                .forEach(c -> buyers.put(c.invoices().participant(), c.id()));
        accessPointPass = new AccessPointPass(ap, ledger, new InvoiceResponses(ledger,
                config.acksDir().resolve("invoice-responses"), config.supplier().participant(), buyers));
        return ap;
    }

    private static void checkFiles(ClientProfile client) {
        if (client.takesOrders()) {
            checkSftpFiles(client);
        }
        if (client.api() != null && client.api().caFile() != null && !Files.isReadable(client.api().caFile())) {
            throw new ConfigException("client " + client.id() + ": api.ca-file " + client.api().caFile()
                    + " is not readable");
        }
    }

    private static void checkSftpFiles(ClientProfile client) {
        if (!Files.isReadable(client.sftp().knownHostsFile())) {
            throw new ConfigException("client " + client.id() + ": sftp.known-hosts-file "
                    + client.sftp().knownHostsFile() + " is not readable (host keys are always checked)");
        }
        if (!Files.isReadable(client.sftp().privateKeyFile())) {
            throw new ConfigException("client " + client.id() + ": sftp.private-key-file "
                    + client.sftp().privateKeyFile() + " is not readable");
        }
    }

    /**
     * Camel's route metrics for every route but the per-document delivery routes: measured
     * at 10,000 orders, the route policy on those cost 0.75 ms per document (delivery 51.9 s against
     * 44.4 s without); a document's delivery is measured by the ledger's own figures instead (attempts,
     * the stored-to-delivered histogram).
     */
    private static RoutePolicyFactory routeMetrics(CamelContext context) {
        MicrometerRoutePolicyFactory metrics = new MicrometerRoutePolicyFactory();
        metrics.setCamelContext(context);
        return (ctx, routeId, route) -> ClientRoutes.carriesEachDocument(routeId) ? null
                : metrics.createRoutePolicy(ctx, routeId, route);
    }

    private static Path routesFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("the routes folder " + dir.toAbsolutePath() + " does not exist");
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            if (!files.iterator().hasNext()) {
                throw new ConfigException("the routes folder " + dir.toAbsolutePath() + " holds no *.yaml route");
            }
        } catch (IOException e) {
            throw new ConfigException("the routes folder " + dir.toAbsolutePath() + " cannot be read: " + e.getMessage());
        }
        return dir;
    }

    /** Settings of the whole gateway the routes read as placeholders; a client's are its routes' parameters. */
    static Properties placeholders(GatewayConfig config, boolean schedule) {
        Properties p = new Properties();
        p.setProperty("acks.autostart", Boolean.toString(schedule));
        p.setProperty("acks.poll-interval-ms", Long.toString(schedule ? config.ackPollInterval().toMillis() : 200));
        p.setProperty("schedule.enabled", Boolean.toString(schedule));
        // the clients' times of day (01:30) are in the gateway's time-zone, not the server's
        p.setProperty("time-zone", config.zone().getId());
        return p;
    }

    /**
     * One pass over the client's acknowledgement folder now: the route's consumer polls (its own scheduler
     * is off) until a poll finds nothing more, or the server is silent for two minutes; `serve` makes the
     * same pass on a timer (route acknowledgement-schedule). Passes never overlap.
     */
    public AckTally collectAcknowledgements() {
        return collectAcknowledgements(null);
    }

    /** As above, for the clients named (all for null). */
    public AckTally collectAcknowledgements(Set<String> only) {
        Map<String, AckTally> tallies = new LinkedHashMap<>();
        acknowledgements.forEach((client, acks) -> {
            if (only == null || only.contains(client)) {
                AckTally t = collectAcknowledgements(client, acks);
                collectionFailures.passed(client, t);
                tallies.put(client, t);
            }
        });
        if (accessPointPass != null && !invoiceClients.isEmpty()
                && (only == null || only.stream().anyMatch(invoiceClients::contains))) {
            AckTally t = accessPointPass.run();
            collectionFailures.passed("access point", t);
            tallies.put("access point", t);
        }
        return tallies.isEmpty() ? new AckTally() : AckTally.merge(tallies);
    }

    /**
     * One pass over the client's acknowledgement folder, on one of the client's sessions: it waits for one
     * to be free (delivery may hold them all); every poll closes the session it opened.
     */
    private AckTally collectAcknowledgements(String client, AcknowledgementReader acks) {
        Semaphore permits = sessions.get(client);
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AckTally t = new AckTally();
            t.failed("acknowledgements not collected: interrupted while waiting for a free SFTP session");
            return t;
        }
        String routeId = ClientRoutes.acknowledgementRouteId(client);
        try {
            ScheduledPollConsumer consumer = (ScheduledPollConsumer) context.getRoute(routeId).getConsumer();
            return CollectionPass.run(acks, consumer::run, PASS_SILENCE);
        } catch (RuntimeException e) {
            AckTally t = new AckTally();
            t.failed("acknowledgements could not be collected: " + e.getMessage());
            return t;
        } finally {
            permits.release(); // each poll closed its session (the route's disconnect: true)
        }
    }

    /** The endpoint a route consumes from (for tests of what the routes were made with). */
    /** Whether the context holds a route of this id at all. */
    boolean hasRoute(String routeId) {
        return context.getRoute(routeId) != null;
    }

    String endpointOf(String routeId) {
        return context.getRoute(routeId).getEndpoint().getEndpointUri();
    }

    /** Whether a route exists and runs (for tests of what starts by itself). */
    boolean isStarted(String routeId) {
        var status = context.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** A client's channels (its order responses, its API when it has one). */
    public NightlyRun.ClientChannels channels(String clientId) {
        return channels.get(clientId);
    }

    /** The access point, or null without one. */
    public AccessPoint accessPoint() {
        return accessPoint;
    }

    /** The access point's pass (statuses and Invoice Responses), or null without an access point. */
    public AccessPointPass accessPointPass() {
        return accessPointPass;
    }

    /** A client's acknowledgement reader. */
    public AcknowledgementReader acknowledgements(String clientId) {
        return acknowledgements.get(clientId);
    }

    /** Who is told of a scheduled acknowledgement pass that collected something or failed (serve's journal). */
    public void onScheduledAcknowledgements(Consumer<AckTally> listener) {
        acknowledgementPass.onEventful(listener);
    }

    /** Which acknowledgement sources failed in their last passes. */
    public CollectionFailures collectionFailures() {
        return collectionFailures;
    }

    /** The registry of Camel's route metrics, to which the console adds the ledger's figures. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public NightlyRun nightlyRun() {
        return nightlyRun;
    }

    /** One run now, through the route, as the schedule would do it. */
    public RunReport runNow(String kind) {
        return template.requestBody("direct:nightly-run", kind, RunReport.class);
    }

    /** One run now for these clients only (comma separated), as their schedule does it. */
    public RunReport runNow(String kind, String clientIds) {
        return template.requestBodyAndHeader("direct:nightly-run", kind, ClientRoutes.CLIENTS_HEADER, clientIds,
                RunReport.class);
    }

    @Override
    public void close() {
        nightlyRun.requestStop();
        // waits for the route in flight (the document being uploaded), then closes the session
        main.stop();
        callDeadlines.close();
    }
}
