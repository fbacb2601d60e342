package nl.edigate.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.Resender;

/** Resend from the console: a preview with a one-time token, then the resend in the background and its page. */
final class ResendPages {
    private static final Logger LOG = LoggerFactory.getLogger(ResendPages.class);
    private final Ledger ledger;
    private final GatewayRuntime runtime;
    private final OperatorService operators;
    private final ConsoleFilters filters;
    private final ResendJobs resends = new ResendJobs(Clock.systemUTC());

    ResendPages(GatewayConfig config, Ledger ledger, GatewayRuntime runtime, ConsoleFilters filters) {
        this.ledger = ledger;
        this.operators = new OperatorService(config, ledger, config.clock());
        this.runtime = runtime;
        this.filters = filters;
    }

    void close() {
        resends.close();
    }

    void resend(ConsoleRequest r, boolean confirm) {
        if (!r.isOperator()) {
            LOG.warn("console: resend by {} refused: viewers may not resend", r.session().user());
            r.message(403, "Not allowed", "Viewers may look, not resend.", true);
            return;
        }
        if (confirm) {
            confirm(r);
            return;
        }
        String reason = r.p("reason");
        if (reason == null) {
            r.message(400, "Reason needed", "A resend needs a reason; it is recorded.", true);
            return;
        }
        boolean rerender = r.p("rerender") != null;
        boolean force = r.p("force") != null;
        List<Long> pks = selection(r);
        List<Resender.Item> plan = operators.preview(pks, force);
        long going = plan.stream().filter(Resender.Item::go).count();
        // the confirmation carries out exactly what this preview shows, once
        String token = resends.offer(new ResendJobs.Plan(r.session().id(), pks, rerender, force, reason,
                "console: " + pks.size() + " document(s)", Instant.now()));
        r.page(200, "resendPreview", "Resend preview", Map.of("plan", plan, "going", going, "rerender", rerender,
                "reason", reason, "token", token));
    }

    /** Takes the preview's one-time token, starts the resend in the background, and sends the browser to it. */
    private void confirm(ConsoleRequest r) {
        Optional<ResendJobs.Plan> taken = resends.take(r.p("token"), r.session().id());
        if (taken.isEmpty()) {
            LOG.warn("console: a resend confirmation by {} came again or late: nothing resent", r.session().user());
            r.page(409, "message", "Already done", Map.of("text", "This resend was already confirmed, or its preview is"
                    + " older than 30 minutes: nothing was sent again.", "error", true, "link", "/runs",
                    "linkText", "See the runs for what went out."));
            return;
        }
        ResendJobs.Plan plan = taken.get();
        String user = "console:" + r.session().user().name();
        ResendJobs.Job job = resends.start(user, progress -> carryOut(plan, user, progress));
        r.ctx().header("Location", "/resend/jobs/" + job.id).status(303).result("resend started");
    }

    private ResendJobs.Outcome carryOut(ResendJobs.Plan plan, String user, Consumer<String> progress) {
        progress.accept("preparing " + plan.pks().size() + " document(s)");
        OperatorService.Done done = operators.resend(new OperatorService.Request(plan.pks(),
                plan.rerender() ? Resender.Mode.RERENDER : Resender.Mode.AS_SENT, plan.force(), plan.reason(), user,
                plan.selection()), runtime.nightlyRun()::deliverOnly, progress);
        return new ResendJobs.Outcome(done, plan.pks().size() == 1 ? plan.pks().get(0) : null);
    }

    /** A resend's page: its progress while it runs (the page reloads itself), then its result. */
    void job(ConsoleRequest r, String id) {
        Optional<ResendJobs.Job> job = id.matches("[0-9]{1,18}") ? resends.job(Long.parseLong(id)) : Optional.empty();
        if (job.isEmpty()) {
            r.message(404, "Not found", "No resend " + id + " in this console's memory.", false);
            return;
        }
        ResendJobs.Job j = job.get();
        if (!j.done()) {
            r.ctx().header("Refresh", "1");
            r.page(200, "resendRunning", "Resend running", Map.of("progress", j.progress, "user", j.user));
        } else if (j.failure != null) {
            r.message(200, "Resend", j.failure, true);
        } else {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("done", j.outcome.done());
            params.put("document", j.outcome.document());
            r.page(200, "resendDone", "Resend", params);
        }
    }

    private List<Long> selection(ConsoleRequest r) {
        if (r.p("ids") != null) {
            List<Long> pks = new ArrayList<>();
            for (String s : r.p("ids").split(",")) {
                ledger.findByIdOrDocumentId(s.trim()).ifPresent(d -> pks.add(d.pk()));
            }
            return pks;
        }
        Map<String, String> f = new LinkedHashMap<>();
        r.params().forEach((k, v) -> {
            if (k.startsWith("f_")) {
                f.put(k.substring(2), v);
            }
        });
        if (f.isEmpty()) {
            return List.of(); // never "everything" by accident
        }
        return ledger.findIds(filters.selection(f));
    }
}
