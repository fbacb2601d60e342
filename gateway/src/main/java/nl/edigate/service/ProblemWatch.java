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

import nl.edigate.acks.CollectionFailures;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.AccessPointTls;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.run.NightlyRun;
import nl.edigate.text.Times;

/**
 * What is wrong now, each problem once: a nightly run that did not start on time or broke off; per
 * client, documents waiting for an automatic retry, the deadline at risk (a set time before it, with what
 * is still undelivered), documents FAILED for good, a host key or certificate problem, acknowledgements
 * overdue; the access point's client certificate ending soon. Computed from the ledger each time, so a
 * problem that went away is simply not there any more.
 */
public final class ProblemWatch {
    /** Acknowledgement collection failing in this many passes in a row, over a poll interval, is a problem. */
    static final int COLLECTION_PASSES = 2;

    /** How many documents an alert names at most (it says how many more there are). */
    static final int NAMED = 25;

    private final GatewayConfig config;
    private final Ledger ledger;
    private final SelfHealing healing;
    private final Clock clock;
    private final Instant since;
    private final Supplier<RunReport> lastNightly;
    private final AccessPointTls.ClientCertificate apCertificate;
    private final Supplier<List<CollectionFailures.Failing>> collection;

    public ProblemWatch(GatewayConfig config, Ledger ledger, SelfHealing healing, Clock clock,
                        Supplier<RunReport> lastNightly, AccessPointTls.ClientCertificate apCertificate) {
        this(config, ledger, healing, clock, lastNightly, apCertificate, List::of);
    }

    /** @param collection the acknowledgement sources failing now (a collection that keeps failing is a problem) */
    public ProblemWatch(GatewayConfig config, Ledger ledger, SelfHealing healing, Clock clock,
                        Supplier<RunReport> lastNightly, AccessPointTls.ClientCertificate apCertificate,
                        Supplier<List<CollectionFailures.Failing>> collection) {
        this.collection = collection;
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
            // planned by serve once the run that failed them has ended, so that the alert names all of them
            List<LedgerDocument> retrying = w.stream().filter(d -> d.retryAt() != null).toList();
            if (!retrying.isEmpty()) {
                out.add(new Problem("retrying:" + c.id(), c.id(), "DELIVERY_RETRYING", retrying.size()
                        + " document(s) for " + c.id() + " failed for a transient reason; serve tries them again by"
                        + " itself at " + Times.format(retrying.get(0).retryAt()) + ", before the "
                        + c.service().deadline() + " deadline. Last error: "
                        + cut(retrying.get(retrying.size() - 1).lastError(), 300) + "\n" + list(retrying)));
            }
            List<LedgerDocument> atRisk = w.stream().filter(d -> !now.isBefore(
                    healing.deadlineOf(c, d).minus(c.service().deadlineWarning()))).toList();
            if (!atRisk.isEmpty()) {
                Instant deadline = healing.deadlineOf(c, atRisk.get(0));
                out.add(new Problem("deadline:" + c.id(), c.id(), "DEADLINE_AT_RISK", "The " + c.service().deadline()
                        + " deadline of " + c.id() + " (" + Times.format(deadline) + ") is at risk: " + atRisk.size()
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
        for (CollectionFailures.Failing f : collection.get()) {
            // one failed pass is a server's bad minute; failing again a poll interval later is a problem to be
            // told about (a night's pass beside the timer's, at the same minute, is not yet)
            if (f.passes() >= COLLECTION_PASSES
                    && Duration.between(f.since(), f.last()).compareTo(config.ackPollInterval()) >= 0) {
                String client = config.clients().stream().anyMatch(c -> c.id().equals(f.source())) ? f.source() : null;
                out.add(new Problem("acks-collection:" + f.source(), client, "ACKS_COLLECTION_FAILING",
                        "Acknowledgements from " + f.source() + " could not be collected in the last " + f.passes()
                        + " passes, since " + Times.format(f.since()) + " (the last at "
                        + Times.format(f.last()) + "): " + cut(f.reason(), 600)
                        + "\nUntil they are collected, documents stay SENT and their answers may become overdue."));
            }
        }
        if (apCertificate != null && apCertificate.notAfter() != null
                && !now.plus(config.service().expiryWarning()).isBefore(apCertificate.notAfter())) {
            out.add(new Problem("expiry:access-point", null, "CERTIFICATE_EXPIRY", "The access point's client"
                    + " certificate (" + apCertificate.subject() + ", ap.keystore-file) "
                    + (now.isBefore(apCertificate.notAfter()) ? "expires" : "expired") + " on "
                    + Times.format(apCertificate.notAfter()) + "; ask the access point for a new one"));
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
                        + String.join(", ", clients) + " due at " + Times.format(due) + " has not started "
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

    /**
     * What ended an alert that is no longer a problem, as its "resolved" message says it: read from the
     * ledger now, not repeated from the problem.
     */
    public String resolution(Ledger.Alert a) {
        String c = a.clientId();
        Instant lastDelivered = c == null ? null : ledger.lastDeliveredByClient().get(c);
        String delivered = lastDelivered == null ? "" : "; its last document was delivered at "
                + Times.format(lastDelivered);
        return switch (a.kind()) {
            case "DELIVERY_RETRYING", "DEADLINE_AT_RISK" -> {
                List<LedgerDocument> left = c == null ? List.of() : ledger.undelivered(c);
                long failed = c == null ? 0 : ledger.permanentFailures(c, 1).count();
                yield left.isEmpty() && failed == 0 ? "delivered: nothing of " + c + " waits for delivery any more"
                        + delivered
                        : "no longer retried by itself: " + (left.size() + failed) + " document(s) of " + c
                        + " wait for an operator (failed for good, or the deadline passed)" + delivered;
            }
            case "FAILED" -> "no document of " + c + " is FAILED for good any more (resent, superseded or delivered)"
                    + delivered;
            case "HOST_KEY", "TLS", "AUTHENTICATION" -> "no FAILED document of " + c + " names this problem any more"
                    + delivered;
            case "ACKS_OVERDUE" -> "no acknowledgement of " + c + " is overdue any more";
            case "ACKS_COLLECTION_FAILING" -> "acknowledgements were collected again";
            case "RUN_NOT_STARTED" -> ledger.lastRun(NightlyRun.NIGHTLY_KINDS, false)
                    .map(r -> "the nightly run " + r.id() + " started at " + Times.format(r.startedAt()))
                    .orElse("the run is no longer expected");
            case "RUN_FAILED" -> "the last nightly run ended without a run problem";
            case "CERTIFICATE_EXPIRY" -> "the certificate is no longer near its end";
            default -> "no longer seen";
        };
    }

    private long count(DocumentFilter f) {
        return ledger.countByStatus(f).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The documents, one a line (number, type, business key, document id, status), at most {@link #NAMED}. */
    static String list(List<LedgerDocument> docs) {
        StringBuilder sb = new StringBuilder();
        docs.stream().limit(NAMED).forEach(d -> sb.append("  #").append(d.pk()).append(' ').append(d.docType())
                .append(' ').append(d.businessKey()).append(' ').append(d.documentId()).append(' ').append(d.status())
                .append(d.retryAt() == null ? "" : ", next try " + Times.format(d.retryAt())).append('\n'));
        if (docs.size() > NAMED) {
            sb.append("  and ").append(docs.size() - NAMED).append(" more\n");
        }
        return sb.toString();
    }

    static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
