package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.run.NightlyRun;

/**
 * What monitoring asks `serve`: live (the process answers), ready (the ledger answers and the routes
 * run), and the state with its reasons: the ledger, the last nightly run (its age, its result, whether
 * one was missed), per client when its channel last took a document, what waits for an automatic retry
 * and when, whether a deadline is at risk, and every problem an alert is about. UP when nothing is
 * wrong, DEGRADED with reasons, DOWN when the ledger cannot be read.
 */
public final class Health {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GatewayConfig config;
    private final Ledger ledger;
    private final SelfHealing healing;
    private final ProblemWatch problems;
    private final Clock clock;

    public Health(GatewayConfig config, Ledger ledger, SelfHealing healing, ProblemWatch problems, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.healing = healing;
        this.problems = problems;
        this.clock = clock;
    }

    /** Whether the ledger answers. */
    public boolean ready() {
        try {
            ledger.runCount();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The state as JSON; {@code status} is UP, DEGRADED or DOWN. */
    public ObjectNode report() {
        ObjectNode root = JSON.createObjectNode();
        Instant now = clock.instant();
        root.put("checkedAt", now.toString());
        if (!ready()) {
            root.put("status", "DOWN");
            root.put("ledger", "DOWN");
            root.putArray("reasons").add("the ledger does not answer");
            return root;
        }
        root.put("ledger", "UP");
        ArrayNode reasons = JSON.createArrayNode();
        Optional<Ledger.Run> last = ledger.lastRun(NightlyRun.NIGHTLY_KINDS, false);
        ObjectNode night = root.putObject("lastNightlyRun");
        last.ifPresentOrElse(r -> {
            night.put("id", r.id());
            night.put("kind", r.kind());
            night.put("startedAt", r.startedAt().toString());
            night.put("ageHours", Duration.between(r.startedAt(), now).toMinutes() / 60.0);
            night.put("finishedAt", r.finishedAt() == null ? null : r.finishedAt().toString());
            night.put("exitCode", r.exitCode());
            if (r.exitCode() != null && r.exitCode() != 0) {
                reasons.add("the last nightly run (" + r.id() + ") ended with exit code " + r.exitCode());
            }
        }, () -> night.put("id", (String) null));
        List<Problem> now1 = problems.current();
        night.put("missed", now1.stream().anyMatch(p -> p.kind().equals("RUN_NOT_STARTED")));
        Map<String, Instant> seen = ledger.lastDeliveredByClient();
        Map<ClientProfile, List<LedgerDocument>> waiting = healing.waiting();
        ObjectNode clients = root.putObject("clients");
        for (ClientProfile c : config.clients()) {
            ObjectNode o = clients.putObject(c.id());
            Instant s = seen.get(c.id());
            o.put("channelLastReachedAt", s == null ? null : s.toString());
            // what serve has planned, as the ledger holds it (and show, messages and the console say it)
            List<LedgerDocument> retrying = waiting.getOrDefault(c, List.of()).stream()
                    .filter(d -> d.retryAt() != null).toList();
            o.put("waitingForRetry", retrying.size());
            retrying.stream().map(LedgerDocument::retryAt).min(Instant::compareTo)
                    .ifPresent(t -> o.put("nextRetryAt", t.toString()));
            ArrayNode docs = o.putArray("retrying");
            retrying.stream().limit(ProblemWatch.NAMED).forEach(d -> docs.addObject().put("id", d.pk())
                    .put("type", d.docType()).put("businessKey", d.businessKey()).put("documentId", d.documentId())
                    .put("status", d.status().name()).put("nextTryAt", d.retryAt().toString()));
            o.put("deadline", c.service().deadline().toString());
            o.put("deadlineAtRisk", now1.stream().anyMatch(p -> p.key().equals("deadline:" + c.id())));
        }
        ArrayNode list = root.putArray("problems");
        for (Problem p : now1) {
            ObjectNode o = list.addObject();
            o.put("kind", p.kind());
            o.put("client", p.clientId());
            o.put("summary", p.summary().lines().findFirst().orElse(""));
            reasons.add(p.summary().lines().findFirst().orElse(p.kind()));
        }
        root.put("status", reasons.isEmpty() ? "UP" : "DEGRADED");
        root.set("reasons", reasons);
        return root;
    }
}
