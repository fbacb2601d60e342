package nl.edigate.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.Channel;
import nl.edigate.delivery.Delivery;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Ledger;

/**
 * One nightly run: intake of the inbox into the ledger, then delivery of what the ledger holds as
 * ready. Intake and delivery never talk to each other; the ledger is between them. Runs one at a time.
 */
public final class NightlyRun {
    private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

    private final GatewayConfig config;
    private final Ledger ledger;
    private final Channel orderChannel;
    private final OrderIntake intake;
    private final Delivery delivery;

    public NightlyRun(GatewayConfig config, Ledger ledger, Channel orderChannel, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.orderChannel = orderChannel;
        this.intake = new OrderIntake(config, ledger, clock);
        this.delivery = new Delivery(ledger, config.client().retry());
    }

    /** Finish the document in flight, then stop; what is left stays READY for the next run. */
    public void requestStop() {
        delivery.requestStop();
    }

    public synchronized RunReport run(String kind) {
        RunReport report = phase(kind == null ? "run" : kind, (runId, r) -> {
            intake(runId, r);
            deliver(runId, r);
        });
        LOG.info("run {} finished with exit code {}", report.runId(), report.exitCode());
        return report;
    }

    public synchronized RunReport intakeOnly() {
        return phase("intake", this::intake);
    }

    public synchronized RunReport deliverOnly() {
        return phase("deliver", this::deliver);
    }

    private RunReport phase(String kind, java.util.function.BiConsumer<Long, RunReport> work) {
        long runId = ledger.startRun(kind);
        RunReport report = new RunReport(runId);
        try {
            work.accept(runId, report);
        } finally {
            report.finish();
            ledger.finishRun(runId, report.exitCode(), report.toText());
        }
        return report;
    }

    private void intake(long runId, RunReport report) {
        try {
            intake.processInbox(runId, report);
        } catch (IOException e) {
            throw new UncheckedIOException("intake of " + config.inboxDir() + " failed: " + e.getMessage(), e);
        }
    }

    private void deliver(long runId, RunReport report) {
        delivery.deliver(runId, config.client().id(), OrderFileReader.DOC_TYPE, orderChannel,
                report.section(OrderFileReader.DOC_TYPE));
    }
}
