package nl.edigate.service;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.ServiceSettings;
import nl.edigate.ledger.Ledger;

/**
 * The retention policy of the settings ({@code retention.documents-months}, 13 by default;
 * {@code retention.payloads-months}, 3): applied by `serve` once a day and by `ledger purge`.
 */
public final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    private Retention() {
    }

    public static Ledger.Purge apply(Ledger ledger, ServiceSettings settings, Clock clock, boolean dryRun) {
        ZonedDateTime now = clock.instant().atZone(clock.getZone());
        Instant documentsBefore = now.minusMonths(settings.retainDocumentsMonths()).toInstant();
        Instant payloadsBefore = now.minusMonths(settings.retainPayloadsMonths()).toInstant();
        Ledger.Purge p = ledger.purge(documentsBefore, payloadsBefore, dryRun);
        if (!dryRun && (p.documents() > 0 || p.payloads() > 0)) {
            LOG.info("retention: {} document(s) with {} attempt(s) and {} run(s) removed, {} payload(s) removed",
                    p.documents(), p.attempts(), p.runs(), p.payloads());
        }
        return p;
    }

    /** What a purge did or would do, in words. */
    public static String describe(Ledger.Purge p, ServiceSettings settings) {
        return (p.dryRun() ? "dry run: would remove " : "removed ") + p.documents() + " document(s) stored more than "
                + settings.retainDocumentsMonths() + " months ago, with " + p.attempts() + " delivery attempt(s), and "
                + p.runs() + " run(s) with their reports; " + (p.dryRun() ? "would remove " : "removed ") + p.payloads()
                + " payload(s) of documents stored more than " + settings.retainPayloadsMonths() + " months ago"
                + (p.dryRun() ? "; nothing changed" : "");
    }
}
