package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.ledger.Ledger;

/**
 * Turns the problems seen into alerts, kept in the ledger: a new problem opens an alert and sends its
 * "firing" once; while it lasts nothing more is sent (its text is kept up to date); when it is gone the
 * alert is resolved and one "resolved" is sent. At most {@code alerts.max-per-hour} messages go out an
 * hour: above that they wait for the next pass, as do messages a sender could not deliver.
 */
public final class Alerts {
    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);

    private final Ledger ledger;
    private final List<AlertSender> senders;
    private final ProblemWatch watch;
    private final Clock clock;
    private final int maxPerHour;
    private final Deque<Instant> sent = new ArrayDeque<>();

    public Alerts(Ledger ledger, List<AlertSender> senders, ProblemWatch watch, Clock clock, int maxPerHour) {
        this.ledger = ledger;
        this.senders = senders;
        this.watch = watch;
        this.clock = clock;
        this.maxPerHour = maxPerHour;
    }

    /** One look: problems to alerts, alerts to messages. */
    public synchronized void pass() {
        Instant now = clock.instant();
        Map<String, Problem> problems = new HashMap<>();
        watch.current().forEach(p -> problems.put(p.key(), p));
        Map<String, Ledger.Alert> open = new HashMap<>();
        for (Ledger.Alert a : ledger.openAlerts()) {
            if (a.resolvedAt() == null) {
                open.put(a.key(), a);
            }
        }
        problems.forEach((key, p) -> {
            Ledger.Alert a = open.get(key);
            if (a == null) {
                ledger.openAlert(key, p.clientId(), p.kind(), p.summary(), now);
                LOG.warn("alert {}: {}", key, p.summary().lines().findFirst().orElse(""));
            } else if (!a.summary().equals(ProblemWatch.cut(p.summary(), 3996))) {
                ledger.alertSummary(a.id(), p.summary());
            }
        });
        open.forEach((key, a) -> {
            if (!problems.containsKey(key)) {
                String resolution = watch.resolution(a);
                ledger.alertResolved(a.id(), now, resolution);
                LOG.info("alert {} resolved: {}", key, resolution);
            }
        });
        if (senders.isEmpty()) {
            return;
        }
        for (Ledger.Alert a : ledger.openAlerts()) {
            boolean resolution = a.resolvedAt() != null;
            if (!resolution && a.firedSentAt() != null) {
                continue;
            }
            if (!allowed(now)) {
                LOG.warn("alerts: {} sent in the last hour; alert {} waits", maxPerHour, a.key());
                return;
            }
            if (send(a, resolution)) {
                ledger.alertSent(a.id(), resolution, now);
                sent.addLast(now);
            }
        }
    }

    private boolean send(Ledger.Alert a, boolean resolution) {
        boolean all = true;
        for (AlertSender s : senders) {
            try {
                s.send(a, resolution);
            } catch (Exception e) {
                // the message names what failed, never the settings' secrets; it is tried again next pass
                LOG.warn("alert {} could not be sent by {}: {}", a.key(), s.describe(), e.getMessage());
                all = false;
            }
        }
        return all;
    }

    private boolean allowed(Instant now) {
        while (!sent.isEmpty() && sent.peekFirst().isBefore(now.minus(Duration.ofHours(1)))) {
            sent.removeFirst();
        }
        return sent.size() < maxPerHour;
    }
}
