package nl.edigate.run;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.Channel;
import nl.edigate.delivery.Delivery;
import nl.edigate.intake.InboxFiles;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Ledger;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.AckTally;
import nl.edigate.report.OpenEnds;
import nl.edigate.report.RunReport;

/**
 * One nightly run: intake of the inbox into the ledger, then delivery of what the ledger holds as
 * ready. Intake and delivery never talk to each other; the ledger is between them. Runs one at a time.
 */
public final class NightlyRun {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

    private final GatewayConfig config;
    private final Ledger ledger;
    private final Channel orderChannel;
    private final Channel reportChannel;
    private final OrderIntake intake;
    private final ProjectIntake projectIntake;
    private final Delivery delivery;
    private final Delivery apiDelivery;
    private final InboxFiles inbox;
    /** Every export name the intakes take; anything else in the inbox is reported as ignored. */
    private static final List<String> EXPORT_PREFIXES = List.of("orders_", "projects_");

    private final Supplier<AckTally> ackCollector;
    private final Clock clock;

    /** @param reportChannel null when the client profile has no API */
    public NightlyRun(GatewayConfig config, Ledger ledger, Channel orderChannel, Channel reportChannel, Clock clock,
                      Supplier<AckTally> ackCollector) {
        this.ackCollector = ackCollector;
        this.clock = clock;
        this.config = config;
        this.ledger = ledger;
        this.orderChannel = orderChannel;
        this.reportChannel = reportChannel;
        this.intake = new OrderIntake(config, ledger, clock);
        this.projectIntake = new ProjectIntake(config, ledger, clock);
        this.inbox = new InboxFiles(config, ledger, clock);
        this.delivery = new Delivery(ledger, config.client().retry());
        this.apiDelivery = config.client().api() == null ? null
                : new Delivery(ledger, config.client().api().retry(), config.client().api().maxRetryAfter());
    }

    /** Finish the document in flight, then stop; what is left stays READY for the next run. */
    public void requestStop() {
        delivery.requestStop();
        if (apiDelivery != null) {
            apiDelivery.requestStop();
        }
    }

    public synchronized RunReport run(String kind) {
        RunReport report = phase(kind == null ? "run" : kind, (runId, r) -> {
            timed(r, "intake", () -> intake(runId, r));
            timed(r, "delivery", () -> deliver(runId, r));
            timed(r, "acknowledgements", () -> collectAcknowledgements(r));
        });
        LOG.info("run {} finished with exit code {}", report.runId(), report.exitCode());
        return report;
    }

    public synchronized RunReport intakeOnly() {
        return phase("intake", (runId, r) -> timed(r, "intake", () -> intake(runId, r)));
    }

    public synchronized RunReport deliverOnly() {
        return phase("deliver", (runId, r) -> timed(r, "delivery", () -> deliver(runId, r)));
    }

    /** Delivery now, saying how far it has come (for an operator's bulk resend). */
    public synchronized RunReport deliverOnly(Consumer<String> progress) {
        delivery.onProgress(progress);
        if (apiDelivery != null) {
            apiDelivery.onProgress(progress);
        }
        try {
            return deliverOnly();
        } finally {
            delivery.onProgress(null);
            if (apiDelivery != null) {
                apiDelivery.onProgress(null);
            }
        }
    }

    public synchronized RunReport collectOnly() {
        return phase("acknowledgements", (runId, r) -> timed(r, "acknowledgements", () -> collectAcknowledgements(r)));
    }

    private static void timed(RunReport report, String phase, Runnable work) {
        long t = System.nanoTime();
        try {
            work.run();
        } finally {
            report.phase(phase, Duration.ofNanos(System.nanoTime() - t));
        }
    }

    private void collectAcknowledgements(RunReport report) {
        if (ackCollector != null) {
            report.acknowledgements(ackCollector.get());
        }
    }

    private RunReport phase(String kind, BiConsumer<Long, RunReport> work) {
        long runId = ledger.startRun(kind);
        RunReport report = new RunReport(runId);
        try {
            work.accept(runId, report);
        } finally {
            report.openEnds(OpenEnds.of(ledger, config.client().id(), clock.instant()));
            report.finish();
            ledger.finishRun(runId, report.exitCode(), report.toText());
        }
        return report;
    }

    private void intake(long runId, RunReport report) {
        try {
            intake.processInbox(runId, report);
            projectIntake.processInbox(runId, report);
            report.ignoredFiles(inbox.ignored(EXPORT_PREFIXES));
        } catch (IOException e) {
            // the inbox as a whole (not one file) cannot be read: what is waiting in the ledger still goes out
            LOG.warn("intake of {} failed: {}", config.inboxDir(), e.toString());
            report.problem("intake of " + config.inboxDir() + " failed: " + e.getMessage());
        }
    }

    private void deliver(long runId, RunReport report) {
        delivery.deliver(runId, config.client().id(), OrderFileReader.DOC_TYPE, orderChannel,
                report.section(OrderFileReader.DOC_TYPE));
        if (reportChannel != null) {
            apiDelivery.deliver(runId, config.client().id(), ProjectIntake.DOC_TYPE, reportChannel,
                    () -> report.section(ProjectIntake.DOC_TYPE));
        } else if (!ledger.deliverableKeys(config.client().id(), ProjectIntake.DOC_TYPE).isEmpty()) {
            report.section(ProjectIntake.DOC_TYPE).stopDelivery("progress reports are waiting but the client profile configures no api.base-url");
        }
    }
}
