package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.ServiceSettings;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.run.NightlyRun;

/**
 * `serve` heals a night by itself: documents that failed for a transient reason (the client's server
 * down, a time-out, a 5xx, a 429) and documents left waiting are delivered again, with back-off per
 * client (the first automatic retry {@code service.retry-initial-backoff} after the failure was seen,
 * then twice as long each time up to {@code service.retry-max-backoff}), until the client's deadline.
 * Permanent failures (rejected data, authentication, host key, certificate, 4xx) are never retried by
 * themselves, nor anything UNCERTAIN. Each retry is a run of kind "retry"; its attempts are ledger rows
 * like any other.
 */
public final class SelfHealing {
    private static final Logger LOG = LoggerFactory.getLogger(SelfHealing.class);

    /** A client's back-off: how many automatic retries so far, and when the next one is due. */
    private record BackOff(int round, Instant next) {
    }

    private final GatewayConfig config;
    private final Ledger ledger;
    private final NightlyRun nightlyRun;
    private final Clock clock;
    private final ServiceSettings settings;
    private final Map<String, BackOff> backOff = new ConcurrentHashMap<>();
    private final Map<String, Planned> planned = new ConcurrentHashMap<>();

    public SelfHealing(GatewayConfig config, Ledger ledger, NightlyRun nightlyRun, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.nightlyRun = nightlyRun;
        this.clock = clock;
        this.settings = config.service();
    }

    /** The deadline a document has to meet: the client's delivery time after the document was stored. */
    public Instant deadlineOf(ClientProfile client, LedgerDocument d) {
        return client.service().deadlineAfter(d.createdAt(), clock.getZone());
    }

    /** Per client, its documents not delivered yet: waiting, or FAILED for a transient reason. */
    public Map<ClientProfile, List<LedgerDocument>> undelivered() {
        Map<ClientProfile, List<LedgerDocument>> out = new LinkedHashMap<>();
        for (ClientProfile c : config.clients()) {
            List<LedgerDocument> docs = ledger.undelivered(c.id());
            if (!docs.isEmpty()) {
                out.put(c, docs);
            }
        }
        return out;
    }

    /**
     * Per client, its documents not delivered yet whose deadline has not passed (waiting, or FAILED for a
     * transient reason): what automatic retries are for.
     */
    public Map<ClientProfile, List<LedgerDocument>> waiting() {
        return beforeDeadline(undelivered());
    }

    /** Of these documents, those whose deadline has not passed. */
    public Map<ClientProfile, List<LedgerDocument>> beforeDeadline(Map<ClientProfile, List<LedgerDocument>> undelivered) {
        Instant now = clock.instant();
        Map<ClientProfile, List<LedgerDocument>> out = new LinkedHashMap<>();
        undelivered.forEach((c, docs) -> {
            List<LedgerDocument> before = new ArrayList<>();
            for (LedgerDocument d : docs) {
                if (now.isBefore(deadlineOf(c, d))) {
                    before.add(d);
                }
            }
            if (!before.isEmpty()) {
                out.put(c, before);
            }
        });
        return out;
    }

    /**
     * One pass: each client whose back-off has run out gets its waiting documents delivered again now. While
     * a run is under way nothing is decided (its failures are not final until it ends). What is planned is
     * written to the ledger (each document's retry time), so that every process can show it.
     */
    public Optional<RunReport> pass() {
        if (nightlyRun.busy()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<String> due = new ArrayList<>();
        List<Long> requeue = new ArrayList<>();
        Map<ClientProfile, List<LedgerDocument>> waiting = waiting();
        backOff.keySet().removeIf(id -> waiting.keySet().stream().noneMatch(c -> c.id().equals(id)));
        waiting.forEach((client, docs) -> {
            List<LedgerDocument> failed = docs.stream().filter(d -> d.status() == DocumentStatus.FAILED).toList();
            if (failed.isEmpty()) {
                return; // waiting only: the run that stored them delivers them
            }
            BackOff b = backOff.get(client.id());
            if (b == null) {
                Instant next = now.plus(settings.retryInitialBackoff());
                backOff.put(client.id(), new BackOff(0, next));
                LOG.info("{} document(s) for {} wait for an automatic retry at {}", failed.size(), client.id(), next);
                return;
            }
            if (now.isBefore(b.next())) {
                return;
            }
            due.add(client.id());
            failed.forEach(d -> requeue.add(d.pk()));
        });
        if (!due.isEmpty()) {
            ledger.requeueFailed(requeue);
            LOG.info("automatic retry of {} document(s) for {}", requeue.size(), due);
        }
        RunReport report = due.isEmpty() ? null : nightlyRun.retry(String.join(",", due));
        Map<ClientProfile, List<LedgerDocument>> after = due.isEmpty() ? waiting : waiting();
        for (String id : due) {
            boolean still = after.keySet().stream().anyMatch(c -> c.id().equals(id));
            if (still) {
                int round = backOff.get(id).round() + 1;
                Duration wait = settings.retryInitialBackoff().multipliedBy(1L << Math.min(round, 16));
                if (wait.compareTo(settings.retryMaxBackoff()) > 0) {
                    wait = settings.retryMaxBackoff();
                }
                backOff.put(id, new BackOff(round, clock.instant().plus(wait)));
                LOG.info("{} still undelivered after automatic retry {}; next at {}", id, round, clock.instant().plus(wait));
            } else {
                backOff.remove(id);
            }
        }
        plan(after);
        return Optional.ofNullable(report);
    }

    /**
     * Writes to the ledger when each client's FAILED documents will be tried again (and that no other
     * document of the client will be), when that changed since the last time it was written.
     */
    private void plan(Map<ClientProfile, List<LedgerDocument>> waiting) {
        for (ClientProfile c : config.clients()) {
            BackOff b = backOff.get(c.id());
            List<Long> failed = b == null ? List.of() : waiting.getOrDefault(c, List.of()).stream()
                    .filter(d -> d.status() == DocumentStatus.FAILED).map(LedgerDocument::pk).sorted().toList();
            Planned p = new Planned(failed, failed.isEmpty() ? null : b.next());
            if (!p.equals(planned.get(c.id()))) {
                ledger.planRetries(c.id(), failed, p.at());
                planned.put(c.id(), p);
            }
        }
    }

    /** What was last written to the ledger for a client: which documents are retried, and when. */
    private record Planned(List<Long> pks, Instant at) {
    }

    /** Nothing is retried by this process any more (it stops): the ledger no longer says that it will be. */
    public void forgetPlans() {
        ledger.clearRetries();
        planned.clear();
    }

}
