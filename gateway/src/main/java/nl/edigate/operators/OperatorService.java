package nl.edigate.operators;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Ledger;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;

/**
 * What an operator does to documents, one way for the command line, the console, the demo and the tests:
 * preview (the dry run), then resend: the resend is recorded with who, why and which documents (the
 * audit) as a run of its own, the documents are put back in the queue or re-rendered, and delivered now.
 */
public final class OperatorService {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorService.class);

    /** Delivers what the ledger holds as ready, now, saying how far it has come. */
    @FunctionalInterface
    public interface DeliverNow {
        RunReport deliver(Consumer<String> progress);
    }

    /** One resend: which documents, how, why and by whom, and the selection as the operator gave it. */
    public record Request(List<Long> pks, Resender.Mode mode, boolean force, String reason, String user,
                          String selection) {
    }

    /** The documents put back in the queue (or refused), before anything went out. */
    public record Prepared(List<Resender.Item> plan, Resender.Outcome outcome) {
    }

    /** A resend carried out: what was prepared, how the delivery went, and where its documents stand now. */
    public record Done(Prepared prepared, RunReport delivery, ResendResult result) {
        /** 0 when every selected document was resent and left the gateway, 1 otherwise ({@link ResendResult}). */
        public int exitCode() {
            return result.exitCode();
        }
    }

    private final Ledger ledger;
    private final Resender resender;

    public OperatorService(GatewayConfig config, Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.resender = new Resender(ledger, new OrderIntake(config, ledger, clock), new ProjectIntake(config, ledger, clock),
                new InvoiceIntake(config, ledger, clock));
    }

    /** What a resend of these documents would do; changes nothing. */
    public List<Resender.Item> preview(List<Long> pks, boolean force) {
        return resender.plan(pks, force);
    }

    /** Previews, prepares and delivers: {@link #resend(Request, List, DeliverNow, Consumer, Consumer)}. */
    public Done resend(Request request, DeliverNow now, Consumer<String> progress) {
        return resend(request, preview(request.pks(), request.force()), now, progress, p -> { });
    }

    /**
     * Carries out a plan made by {@link #preview}: recorded as a resend in a run of its own, the documents
     * queued or re-rendered; {@code prepared} is told before delivery starts; then delivered now.
     */
    public Done resend(Request request, List<Resender.Item> plan, DeliverNow now, Consumer<String> progress,
                       Consumer<Prepared> prepared) {
        long runId = ledger.startRun("resend");
        Resender.Outcome o = resender.execute(plan, request.mode(), request.reason(), request.user(), request.force(),
                request.selection(), runId, progress);
        ledger.finishRun(runId, 0, "resend " + o.resendId() + " by " + request.user());
        LOG.info("resend {} by {}: {} queued, {} re-rendered, {} refused", o.resendId(), request.user(), o.queued(),
                o.rerendered(), o.refused());
        Prepared p = new Prepared(plan, o);
        prepared.accept(p);
        progress.accept("delivering");
        RunReport delivery = now.deliver(progress);
        return new Done(p, delivery, ResendResult.of(ledger, o, delivery));
    }
}
