package nl.edigate.console;

import static nl.edigate.console.Exchanges.send;
import static nl.edigate.console.Html.esc;
import static nl.edigate.console.Html.page;

import java.io.IOException;
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
import nl.edigate.report.RunReport;

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
        this.operators = new OperatorService(config, ledger, Clock.systemDefaultZone());
        this.runtime = runtime;
        this.filters = filters;
    }

    void close() {
        resends.close();
    }

    /** The fields of a resend form: reason, re-render, force. */
    static String formFields() {
        return "<label>Reason (recorded)<input name=reason required size=50></label>"
                + "<label><span><input type=checkbox name=rerender> re-render with today's configuration (new document id)"
                + "</span></label><label><span><input type=checkbox name=force> also documents the client accepted"
                + "</span></label>";
    }


    
    void resend(ConsoleRequest r, boolean confirm) throws IOException {
        if (!r.isOperator()) {
            LOG.warn("console: resend by {} refused: viewers may not resend", r.session().user());
            page(r, 403, "Not allowed", "<p class=error>Viewers may look, not resend.</p>");
            return;
        }
        if (confirm) {
            confirm(r);
            return;
        }
        String reason = r.p("reason");
        if (reason == null) {
            page(r, 400, "Reason needed", "<p class=error>A resend needs a reason; it is recorded.</p>");
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
        StringBuilder b = new StringBuilder("<h1>Resend: preview</h1><p>").append(going).append(" of ").append(plan.size())
                .append(" document(s) will go out ").append(rerender ? "re-rendered under new document ids" : "as sent")
                .append(". Reason: <b>").append(esc(reason)).append("</b></p><table><tr><th>#</th><th>Business key</th>"
                        + "<th>Status</th><th>Will</th></tr>");
        for (Resender.Item i : plan.subList(0, Math.min(plan.size(), 200))) {
            b.append("<tr><td>").append(i.doc().pk()).append("</td><td>").append(esc(i.doc().businessKey()))
                    .append("</td><td>").append(i.doc().status()).append("</td><td>")
                    .append(i.go() ? "go out" : "stay: " + esc(i.why())).append("</td></tr>");
        }
        b.append("</table>").append(plan.size() > 200 ? "<p class=note>... and " + (plan.size() - 200) + " more</p>" : "");
        b.append("<form method=post action=/resend/confirm>").append(r.csrfField())
                .append("<input type=hidden name=token value=\"").append(esc(token)).append("\">")
                .append("<button class=\"primary danger\" type=submit").append(going == 0 ? " disabled" : "")
                .append(">Resend ").append(going).append(" document(s) now</button></form>");
        page(r, 200, "Resend preview", b.toString());
    }

    /** Takes the preview's one-time token, starts the resend in the background, and sends the browser to it. */
    private void confirm(ConsoleRequest r) throws IOException {
        Optional<ResendJobs.Plan> taken = resends.take(r.p("token"), r.session().id());
        if (taken.isEmpty()) {
            LOG.warn("console: a resend confirmation by {} came again or late: nothing resent", r.session().user());
            page(r, 409, "Already done", "<p class=error>This resend was already confirmed, or its preview is older than"
                    + " 30 minutes: nothing was sent again.</p><p><a href=\"/runs\">See the runs</a> for what went out.</p>");
            return;
        }
        ResendJobs.Plan plan = taken.get();
        String user = "console:" + r.session().user().name();
        ResendJobs.Job job = resends.start(user, progress -> carryOut(plan, user, progress));
        r.ex().getResponseHeaders().add("Location", "/resend/jobs/" + job.id);
        send(r.ex(), 303, "text/plain", "resend started");
    }

    private ResendJobs.Outcome carryOut(ResendJobs.Plan plan, String user, Consumer<String> progress) {
        progress.accept("preparing " + plan.pks().size() + " document(s)");
        OperatorService.Done done = operators.resend(new OperatorService.Request(plan.pks(),
                plan.rerender() ? Resender.Mode.RERENDER : Resender.Mode.AS_SENT, plan.force(), plan.reason(), user,
                plan.selection()), runtime.nightlyRun()::deliverOnly, progress);
        Resender.Outcome o = done.prepared().outcome();
        RunReport report = done.delivery();
        StringBuilder b = new StringBuilder("<h1>Resend ").append(o.resendId()).append("</h1><p class=")
                .append(report.exitCode() == 0 ? "ok" : "error").append(">").append(o.queued() + o.rerendered())
                .append(" document(s) went out (").append(o.queued()).append(" as sent, ").append(o.rerendered())
                .append(" re-rendered), ").append(o.refused()).append(" not resent.</p>");
        for (String p : o.problems()) {
            b.append("<p class=error>").append(esc(p)).append("</p>");
        }
        b.append("<h2>Delivery</h2><pre>").append(esc(report.toText())).append("</pre>");
        if (plan.pks().size() == 1) {
            b.append("<p><a href=\"/documents/").append(plan.pks().get(0)).append("\">back to the document</a></p>");
        }
        return new ResendJobs.Outcome(report.exitCode() == 0, b.toString());
    }

    /** A resend's page: its progress while it runs (the page reloads itself), then its result. */
    void job(ConsoleRequest r, String id) throws IOException {
        Optional<ResendJobs.Job> job = id.matches("[0-9]{1,18}") ? resends.job(Long.parseLong(id)) : Optional.empty();
        if (job.isEmpty()) {
            page(r, 404, "Not found", "<p>No resend " + esc(id) + " in this console's memory.</p>");
            return;
        }
        ResendJobs.Job j = job.get();
        if (!j.done()) {
            r.ex().getResponseHeaders().add("Refresh", "1");
            page(r, 200, "Resend running", "<h1>Resend running</h1><p class=note>" + esc(j.progress)
                    + " (started by " + esc(j.user) + "; this page reloads itself)</p>");
            return;
        }
        page(r, 200, "Resend", j.result);
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
        return ledger.findIds(filters.filter(new ConsoleRequest(r.ex(), r.method(), r.path(), f, r.session())));
    }
}
