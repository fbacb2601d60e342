package nl.edigate.run;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.Channel;
import nl.edigate.delivery.Delivery;
import nl.edigate.delivery.StoredPages;
import nl.edigate.intake.InboxFiles;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Ledger;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.AckTally;
import nl.edigate.report.OpenEnds;
import nl.edigate.report.RunReport;

/**
 * One nightly run: intake of the inbox into the ledger, then delivery of what the ledger holds as
 * ready, each client over its own channels; the night's last export is delivered while it is taken in
 * ({@link DeliveryDuringIntake}), a document once it is committed. The ledger is between intake and
 * delivery: what passes from one to the other is a document's key. Runs one at a time; within a run, the
 * clients are delivered at the same time, each on its own thread, so that one client's broken channel (a
 * changed host key, a server that stays away while the retries wait) never stops or delays another's.
 * <p>Over 300 lines: every kind of run (the night, intake or delivery alone, a retry, a collection) shares
 * the run's record, its report and the check that this process still owns delivery.
 */
public final class NightlyRun {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

    /**
     * One client's channels: its order responses when it takes orders (a channel a session its server
     * allows at once; empty for none), its progress reports when its profile has an API, its e-invoices
     * through the access point when it buys with invoices; null for none.
     */
    public record ClientChannels(ClientProfile profile, List<? extends Channel> orders, Channel reports, Channel invoices) {
    }

    /** One client's deliveries, each with its own retry policy and stop flag. */
    private record ClientDelivery(ClientChannels channels, Delivery orders, Delivery reports, Delivery invoices) {
        void forEach(Consumer<Delivery> action) {
            for (Delivery d : new Delivery[] {orders, reports, invoices}) {
                if (d != null) {
                    action.accept(d);
                }
            }
        }
    }

    private final GatewayConfig config;
    private final Ledger ledger;
    private final List<ClientDelivery> clients = new ArrayList<>();
    private final OrderIntake intake;
    private final ProjectIntake projectIntake;
    private final InvoiceIntake invoiceIntake;
    private final InboxFiles inbox;
    /** The kinds of run that are a whole night (intake and delivery), as the ledger records them. */
    public static final Set<String> NIGHTLY_KINDS = Set.of("run", "scheduled", "catch-up", "demo");

    /** Every export name the intakes take; anything else in the inbox is reported as ignored. */
    private static final List<String> EXPORT_PREFIXES = List.of("orders_", "projects_", "invoices_");

    /** Collects the acknowledgements of the clients named (all of them for null). */
    private final Function<Set<String>, AckTally> ackCollector;
    private final Clock clock;
    private volatile RunReport lastNightly;
    private volatile boolean halted;
    /** A run (of any kind) is under way: its failures are not final until it ends. */
    private volatile boolean busy;
    /** Told of every run's report when it has ended (serve prints each one to its journal). */
    private volatile Consumer<RunReport> onFinished = r -> { };
    private volatile Consumer<String> progress = p -> { };

    public NightlyRun(GatewayConfig config, Ledger ledger, List<ClientChannels> channels, Clock clock,
                      Function<Set<String>, AckTally> ackCollector) {
        this.ackCollector = ackCollector;
        this.clock = clock;
        this.config = config;
        this.ledger = ledger;
        this.intake = new OrderIntake(config, ledger, clock);
        this.projectIntake = new ProjectIntake(config, ledger, clock);
        this.invoiceIntake = new InvoiceIntake(config, ledger, clock);
        this.inbox = new InboxFiles(config, ledger, clock);
        for (ClientChannels c : channels) {
            ClientProfile p = c.profile();
            clients.add(new ClientDelivery(c, c.orders().isEmpty() ? null
                    : new Delivery(ledger, p.retry()).acknowledgedWithin(p.ackOverdueAfter()),
                    p.api() == null ? null : new Delivery(ledger, p.api().retry(), p.api().maxRetryAfter()),
                    c.invoices() == null ? null : new Delivery(ledger, config.accessPoint().retry(),
                            config.accessPoint().maxRetryAfter()).acknowledgedWithin(config.accessPoint().sentWithin())));
        }
    }

    /** Whether a run of any kind is under way now. */
    public boolean busy() {
        return busy;
    }

    /** Who is told of every run's report once it has ended (one listener; null for none). */
    public void onFinished(Consumer<RunReport> listener) {
        this.onFinished = listener == null ? r -> { } : listener;
    }

    /**
     * Where a run says what it is doing and waiting for (each phase as it starts, each wait for a retry):
     * `run` shows it on stderr, so that a long night is never silent. Null for nowhere.
     */
    public void onProgress(Consumer<String> listener) {
        this.progress = listener == null ? p -> { } : listener;
        clients.forEach(c -> c.forEach(d -> d.onProgress(listener)));
    }

    /** Finish the document in flight, then stop; what is left stays READY for the next run. */
    public void requestStop() {
        clients.forEach(c -> c.forEach(Delivery::requestStop));
    }

    /**
     * This process no longer owns delivery (its lease was taken over): the document in flight is finished,
     * and no run, retry or resend starts here any more.
     */
    public void halt() {
        halted = true;
        requestStop();
    }

    public RunReport run(String kind) {
        return run(kind, null);
    }

    /**
     * One run: the whole inbox in, then delivery and acknowledgements for the clients named, comma
     * separated (a schedule's clients), or for every client when null or empty.
     */
    public synchronized RunReport run(String kind, String clientIds) {
        Set<String> only = clientIds == null || clientIds.isBlank() ? null
                : new LinkedHashSet<>(Arrays.asList(clientIds.split(",")));
        RunReport report = phase(kind == null ? "run" : kind, (runId, r) -> {
            // the night's last export goes out while it is taken in; the rest after intake
            try (DeliveryDuringIntake early = duringIntake(runId, r, only)) {
                timed(r, "intake", () -> intake(runId, r, early::stored));
                timed(r, "delivery", () -> deliver(runId, r, only, early.finish()));
            }
            timed(r, "acknowledgements", () -> collectAcknowledgements(r, only));
        });
        LOG.info("run {} finished with exit code {}", report.runId(), report.exitCode());
        lastNightly = report;
        return report;
    }

    public synchronized RunReport intakeOnly() {
        return phase("intake", (runId, r) -> timed(r, "intake", () -> intake(runId, r, null)));
    }

    public synchronized RunReport deliverOnly() {
        return phase("deliver", (runId, r) -> timed(r, "delivery", () -> deliver(runId, r, null, Map.of())));
    }

    /** Delivery now, saying how far it has come (for an operator's bulk resend). */
    public synchronized RunReport deliverOnly(Consumer<String> progress) {
        clients.forEach(c -> c.forEach(d -> d.onProgress(progress)));
        try {
            return deliverOnly();
        } finally {
            clients.forEach(c -> c.forEach(d -> d.onProgress(this.progress)));
        }
    }

    /**
     * An automatic retry by `serve`: delivery of what the ledger holds as ready for these clients (comma
     * separated), as a run of its own kind.
     */
    public synchronized RunReport retry(String clientIds) {
        Set<String> only = new LinkedHashSet<>(Arrays.asList(clientIds.split(",")));
        return phase("retry", (runId, r) -> timed(r, "delivery", () -> deliver(runId, r, only, Map.of())));
    }

    /** The report of the last whole run in this process (run, scheduled, catch-up), if there was one. */
    public RunReport lastNightly() {
        return lastNightly;
    }

    public synchronized RunReport collectOnly() {
        return phase("acknowledgements", (runId, r) -> timed(r, "acknowledgements", () -> collectAcknowledgements(r, null)));
    }

    private void timed(RunReport report, String phase, Runnable work) {
        progress.accept(phase + "...");
        long t = System.nanoTime();
        try {
            work.run();
        } finally {
            report.phase(phase, Duration.ofNanos(System.nanoTime() - t));
        }
    }

    private void collectAcknowledgements(RunReport report, Set<String> only) {
        if (ackCollector != null) {
            report.acknowledgements(ackCollector.apply(only));
        }
    }

    private RunReport phase(String kind, BiConsumer<Long, RunReport> work) {
        if (halted) {
            throw new IllegalStateException("this process no longer owns delivery (its lease was taken over by another"
                    + " edigate process): no " + kind + " here");
        }
        long runId = ledger.startRun(kind);
        RunReport report = new RunReport(runId, kind);
        busy = true;
        try {
            work.accept(runId, report);
        } finally {
            busy = false;
            report.openEnds(OpenEnds.of(ledger, null, clock.instant()));
            report.finish();
            ledger.finishRun(runId, report.exitCode(), report.toText());
        }
        onFinished.accept(report);
        return report;
    }

    /** Each order-taking client's delivery (of those named) of what intake stores meanwhile. */
    private DeliveryDuringIntake duringIntake(long runId, RunReport report, Set<String> only) {
        Map<String, Function<StoredPages, String>> deliveries = new LinkedHashMap<>();
        for (ClientDelivery c : clients) {
            String id = c.channels().profile().id();
            if (c.orders() != null && (only == null || only.contains(id))) {
                deliveries.put(id, pages -> c.orders().deliverAsStored(runId, c.channels().orders(), pages,
                        () -> report.section(OrderFileReader.DOC_TYPE).client(id)));
            }
        }
        return new DeliveryDuringIntake(deliveries, report);
    }

    /** @param deliverable told of each order response that may go out while intake goes on; null for none */
    private void intake(long runId, RunReport report, BiConsumer<String, Long> deliverable) {
        try {
            inbox.checkFolders();
            intake.processInbox(runId, report, deliverable);
            projectIntake.processInbox(runId, report);
            invoiceIntake.processInbox(runId, report);
            report.ignoredFiles(inbox.ignored(EXPORT_PREFIXES));
        } catch (IOException e) {
            // the inbox as a whole (not one file) cannot be read: what is waiting in the ledger still goes out
            LOG.warn("intake of {} failed: {}", config.inboxDir(), e.toString());
            report.problem("intake of " + config.inboxDir() + " failed: " + e.getMessage());
        }
    }

    /**
     * Every client (or those named) at the same time, each on its own thread; one client alone on the
     * run's thread.
     */
    private void deliver(long runId, RunReport report, Set<String> only, Map<String, String> stopped) {
        List<ClientDelivery> clients = new ArrayList<>();
        for (ClientDelivery c : this.clients) {
            if (only == null || only.contains(c.channels().profile().id())) {
                clients.add(c);
            }
        }
        if (clients.size() <= 1) {
            clients.forEach(c -> deliver(runId, c, report, stopped));
            return;
        }
        ExecutorService threads = Executors.newFixedThreadPool(clients.size(), DaemonThreads.named("edigate-delivery"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ClientDelivery c : clients) {
                running.add(threads.submit(() -> deliver(runId, c, report, stopped)));
            }
            for (int i = 0; i < running.size(); i++) {
                String client = clients.get(i).channels().profile().id();
                try {
                    running.get(i).get();
                } catch (ExecutionException e) {
                    // one client's delivery broke off (the ledger went away, say): the others still finish
                    LOG.error("delivery to {} broke off", client, e.getCause());
                    report.problem("delivery to " + client + " broke off: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.problem("the run was interrupted during delivery");
        } finally {
            threads.shutdownNow();
        }
    }

    /** @param stopped why order delivery to a client stopped during intake, by client: the rest is not attempted */
    private void deliver(long runId, ClientDelivery c, RunReport report, Map<String, String> stopped) {
        String id = c.channels().profile().id();
        if (c.orders() != null) {
            c.orders().deliver(runId, id, OrderFileReader.DOC_TYPE, c.channels().orders(),
                    () -> report.section(OrderFileReader.DOC_TYPE).client(id), stopped.get(id));
        }
        if (c.reports() != null) {
            c.reports().deliver(runId, id, ProjectIntake.DOC_TYPE, List.of(c.channels().reports()),
                    () -> report.section(ProjectIntake.DOC_TYPE).client(id));
        } else if (!ledger.deliverableKeys(id, ProjectIntake.DOC_TYPE).isEmpty()) {
            report.section(ProjectIntake.DOC_TYPE).client(id)
                    .stopDelivery("progress reports are waiting but the client profile configures no api.base-url");
        }
        if (c.invoices() != null) {
            c.invoices().deliver(runId, id, InvoiceIntake.DOC_TYPE, List.of(c.channels().invoices()),
                    () -> report.section(InvoiceIntake.DOC_TYPE).client(id));
        }
    }
}
