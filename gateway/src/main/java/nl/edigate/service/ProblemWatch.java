package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.quartz.CronExpression;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.AccessPointTls;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.NightlyRun;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Display;
import nl.edigate.report.RunReport;

/**
 * What is wrong now, each problem once: a nightly run that did not start on time or broke off; per
 * client, documents waiting for an automatic retry, the deadline at risk (a set time before it, with what
 * is still undelivered), documents FAILED for good, a host key or certificate problem, acknowledgements
 * overdue; the access point's client certificate ending soon. Computed from the ledger each time, so a
 * problem that went away is simply not there any more.
 */
public final class ProblemWatch {
    /** How many documents an alert names at most (it says how many more there are). */
    static final int NAMED = 25;

    private final GatewayConfig config;
    private final Ledger ledger;
    private final SelfHealing healing;
    private final Clock clock;
    private final Instant since;
    private final Supplier<RunReport> lastNightly;
    private final AccessPointTls.ClientCertificate apCertificate;

    public ProblemWatch(GatewayConfig config, Ledger ledger, SelfHealing healing, Clock clock,
                        Supplier<RunReport> lastNightly, AccessPointTls.ClientCertificate apCertificate) {
        this.config = config;
        this.ledger = ledger;
        this.healing = healing;
        this.clock = clock;
        this.since = clock.instant();
        this.lastNightly = lastNightly;
        this.apCertificate = apCertificate;
    }

    public List<Problem> current() {
        Instant now = clock.instant();
        List<Problem> out = new ArrayList<>();
        runs(now, out);
        // one read of what is undelivered, so that a document being retried (queued again, then FAILED again)
        // is counted the same way by every problem below
        Map<ClientProfile, List<LedgerDocument>> undelivered = healing.undelivered();
        Map<ClientProfile, List<LedgerDocument>> waiting = healing.beforeDeadline(undelivered);
        for (ClientProfile c : config.clients()) {
            List<LedgerDocument> w = waiting.getOrDefault(c, List.of());
            List<LedgerDocument> retrying = w.stream().filter(d -> SelfHealing.retryable(d.lastError())).toList();
            if (!retrying.isEmpty()) {
                out.add(new Problem("retrying:" + c.id(), c.id(), "DELIVERY_RETRYING", retrying.size()
                        + " document(s) for " + c.id() + " failed for a transient reason and wait for an automatic retry"
                        + " before the " + c.service().deadline() + " deadline. Last error: "
                        + cut(retrying.get(retrying.size() - 1).lastError(), 300) + "\n" + list(retrying)));
            }
            List<LedgerDocument> atRisk = w.stream().filter(d -> !now.isBefore(
                    healing.deadlineOf(c, d).minus(c.service().deadlineWarning()))).toList();
            if (!atRisk.isEmpty()) {
                Instant deadline = healing.deadlineOf(c, atRisk.get(0));
                out.add(new Problem("deadline:" + c.id(), c.id(), "DEADLINE_AT_RISK", "The " + c.service().deadline()
                        + " deadline of " + c.id() + " (" + Display.TIME.format(deadline) + ") is at risk: " + atRisk.size()
                        + " document(s) are not delivered yet:\n" + list(atRisk)));
            }
            List<LedgerDocument> late = undelivered.getOrDefault(c, List.of()).stream()
                    .filter(d -> d.status() == DocumentStatus.FAILED && !now.isBefore(healing.deadlineOf(c, d))).toList();
            failedForGood(c, late, out);
            DocumentFilter client = DocumentFilter.ofClient(c.id());
            long overdue = count(client.withOverdueOnly());
            if (overdue > 0) {
                out.add(new Problem("acks-overdue:" + c.id(), c.id(), "ACKS_OVERDUE", overdue + " document(s) for "
                        + c.id() + " are delivered but their acknowledgement is overdue:\n"
                        + list(ledger.find(client.withOverdueOnly(), NAMED, 0))));
            }
        }
        if (apCertificate != null && apCertificate.notAfter() != null
                && !now.plus(config.service().expiryWarning()).isBefore(apCertificate.notAfter())) {
            out.add(new Problem("expiry:access-point", null, "CERTIFICATE_EXPIRY", "The access point's client"
                    + " certificate (" + apCertificate.subject() + ", ap.keystore-file) "
                    + (now.isBefore(apCertificate.notAfter()) ? "expires" : "expired") + " on "
                    + Display.TIME.format(apCertificate.notAfter()) + "; ask the access point for a new one"));
        }
        return out;
    }

    /** FAILED documents no automatic retry will take (permanent, or past the deadline), and the channel's own. */
    private void failedForGood(ClientProfile c, List<LedgerDocument> late, List<Problem> out) {
        Ledger.Failures permanent = ledger.permanentFailures(c.id(), NAMED);
        long n = permanent.count() + late.size();
        if (n == 0) {
            return;
        }
        List<LedgerDocument> shown = new ArrayList<>(permanent.first());
        shown.addAll(late);
        out.add(new Problem("failed:" + c.id(), c.id(), "FAILED", n + " document(s) for " + c.id()
                + " FAILED and are not retried by themselves (a permanent error, or the deadline passed): fix the"
                + " cause and resend them\n" + list(shown)));
        for (String kind : List.of("HOST_KEY", "TLS", "AUTHENTICATION")) {
            permanent.first().stream().filter(d -> d.lastError() != null && d.lastError().contains(kind + ": "))
                    .findFirst().ifPresent(d -> out.add(new Problem("channel:" + c.id() + ":" + kind, c.id(), kind,
                            "Delivery to " + c.id() + " is stopped by a " + kind.replace('_', ' ').toLowerCase()
                            + " problem: " + cut(d.lastError(), 600))));
        }
    }

    /** A schedule's run not started {@code alerts.run-late-after} after its time; the last night's run broken off. */
    private void runs(Instant now, List<Problem> out) {
        Optional<Ledger.Run> lastNight = ledger.lastRun(NightlyRun.NIGHTLY_KINDS, false);
        config.schedules().forEach((expression, clients) -> {
            Instant due = lastFireBefore(expression, now.minus(config.service().runLateAfter()));
            if (due == null || due.isBefore(since)) {
                return; // before serve started: its catch-up at start is the answer to that
            }
            boolean started = lastNight.isPresent() && !lastNight.get().startedAt().isBefore(due.minusSeconds(60));
            if (!started) {
                out.add(new Problem("run-late:" + expression, null, "RUN_NOT_STARTED", "The nightly run for "
                        + String.join(", ", clients) + " due at " + Display.TIME.format(due) + " has not started "
                        + Duration.between(due, now).toMinutes() + " minutes later"));
            }
        });
        RunReport last = lastNightly.get();
        if (last != null && !last.problems().isEmpty()) {
            out.add(new Problem("run-failed", null, "RUN_FAILED", "The last nightly run (" + last.runId()
                    + ") broke off: " + String.join("; ", last.problems())));
        }
    }

    private Instant lastFireBefore(String expression, Instant before) {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(java.util.TimeZone.getTimeZone(clock.getZone()));
            Date t = cron.getNextValidTimeAfter(Date.from(before.minus(Duration.ofDays(8))));
            Instant last = null;
            while (t != null && !t.toInstant().isAfter(before)) {
                last = t.toInstant();
                t = cron.getNextValidTimeAfter(t);
            }
            return last;
        } catch (java.text.ParseException e) {
            return null; // checked at start; cannot happen here
        }
    }

    private long count(DocumentFilter f) {
        return ledger.countByStatus(f).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The documents, one a line (number, type, business key, document id, status), at most {@link #NAMED}. */
    static String list(List<LedgerDocument> docs) {
        StringBuilder sb = new StringBuilder();
        docs.stream().limit(NAMED).forEach(d -> sb.append("  #").append(d.pk()).append(' ').append(d.docType())
                .append(' ').append(d.businessKey()).append(' ').append(d.documentId()).append(' ').append(d.status())
                .append('\n'));
        if (docs.size() > NAMED) {
            sb.append("  and ").append(docs.size() - NAMED).append(" more\n");
        }
        return sb.toString();
    }

    static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
