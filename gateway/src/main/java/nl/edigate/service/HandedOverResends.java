package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.ResendText;
import nl.edigate.operators.Resender;
import nl.edigate.run.NightlyRun;

/**
 * The resends operators give on the command line while `serve` owns delivery: taken from the ledger one
 * at a time, carried out exactly as the command would (preview, the audit record under the operator's
 * name, queued or re-rendered, delivered now), the progress written back for the command to show, and
 * the command's text and exit code as the result.
 */
public final class HandedOverResends {
    private static final Logger LOG = LoggerFactory.getLogger(HandedOverResends.class);
    /** Progress is written back at most this often (a bulk resend reports every 1,000 documents). */
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);

    private final Ledger ledger;
    private final OperatorService operators;
    private final NightlyRun nightlyRun;
    private final String owner;

    public HandedOverResends(GatewayConfig config, Ledger ledger, NightlyRun nightlyRun, Clock clock, String owner) {
        this.ledger = ledger;
        this.operators = new OperatorService(config, ledger, clock);
        this.nightlyRun = nightlyRun;
        this.owner = owner;
    }

    /** Carries out every waiting request, oldest first; returns how many. */
    public int pass() {
        int n = 0;
        for (var r = ledger.takeResendRequest(owner); r.isPresent(); r = ledger.takeResendRequest(owner)) {
            carryOut(r.get());
            n++;
        }
        return n;
    }

    private void carryOut(Ledger.ResendRequest r) {
        LOG.info("resend request {} by {} taken: {} document(s)", r.id(), r.osUser(), r.pks().size());
        StringBuilder text = new StringBuilder();
        Instant[] last = {Instant.EPOCH};
        try {
            List<Resender.Item> plan = operators.preview(r.pks(), r.forced());
            OperatorService.Done done = operators.resend(new OperatorService.Request(r.pks(),
                            Resender.Mode.valueOf(r.mode()), r.forced(), r.reason(), r.osUser(), r.selection()), plan,
                    nightlyRun::deliverOnly, p -> {
                        if (Instant.now().isAfter(last[0].plus(PROGRESS_EVERY))) {
                            last[0] = Instant.now();
                            ledger.resendProgress(r.id(), p);
                        }
                    }, prepared -> {
                        text.append(ResendText.prepared(plan, prepared.outcome(), r.osUser()));
                        ledger.resendProgress(r.id(), "delivering");
                    });
            text.append(done.delivery().toText()).append(done.result().headline()).append('\n');
            ledger.finishResendRequest(r.id(), "DONE", text.toString(), done.exitCode());
        } catch (RuntimeException e) {
            LOG.error("resend request {} failed", r.id(), e);
            ledger.finishResendRequest(r.id(), "FAILED", text + "the resend failed: " + e.getMessage() + "\n", 1);
        }
    }
}
