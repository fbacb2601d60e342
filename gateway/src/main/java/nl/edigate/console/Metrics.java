package nl.edigate.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.NightlyRun;

/**
 * The figures monitoring scrapes, with Micrometer's Prometheus registry. Documents per client, type
 * and status are read from the ledger at each scrape (so they agree with `messages` and survive a
 * restart), with a series for every combination, zero included, that stays. Runs and failed attempts
 * are counters that only go up; the latency from stored to delivered is a histogram fed, at each
 * scrape, with the documents delivered since the one before. The registry is the runtime's, which also
 * holds Camel's own route metrics (exchanges, failures, processing time per route).
 */
final class Metrics {
    private final Ledger ledger;
    private final Clock clock;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Long> documents = new ConcurrentHashMap<>();
    private final Timer latency;
    private volatile long overdue;
    private volatile Optional<Ledger.Run> lastRun = Optional.empty();
    private volatile Map<String, Long> rejected = Map.of();
    private volatile long setAside;
    private Instant deliveredUpTo;

    Metrics(PrometheusMeterRegistry registry, Ledger ledger, List<String> clients, List<String> docTypes, Clock clock) {
        this.registry = registry;
        this.ledger = ledger;
        this.clock = clock;
        this.deliveredUpTo = clock.instant();
        for (String client : clients) {
            for (String type : docTypes) {
                for (DocumentStatus status : DocumentStatus.values()) {
                    String key = key(client, type, status.name());
                    Gauge.builder("edigate.documents", documents, m -> m.getOrDefault(key, 0L))
                            .description("Documents in the ledger by client, type and status.")
                            .tags("client", client, "type", type, "status", status.name()).register(registry);
                }
            }
        }
        Gauge.builder("edigate.acknowledgements.overdue", this, m -> m.overdue)
                .description("Documents whose acknowledgement is overdue (acks.overdue-after of their client).").register(registry);
        FunctionCounter.builder("edigate.runs", ledger, Ledger::runCount)
                .description("Runs recorded in the ledger.").register(registry);
        FunctionCounter.builder("edigate.delivery.attempts.failed", ledger, Ledger::failedAttemptCount)
                .description("Delivery attempts that failed.").register(registry);
        // the last nightly run (run, scheduled, catch-up), never a resend, a retry or an acknowledgement pass
        Gauge.builder("edigate.last.run.timestamp", this, m -> m.lastRun.map(r -> r.startedAt().toEpochMilli() / 1000.0)
                        .orElse(0.0))
                .baseUnit("seconds").description("When the last nightly run started (Unix time).").register(registry);
        Gauge.builder("edigate.last.run.duration", this, m -> m.lastRun.filter(r -> r.finishedAt() != null)
                        .map(r -> Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0).orElse(0.0))
                .baseUnit("seconds").description("How long the last finished nightly run took.").register(registry);
        Gauge.builder("edigate.last.run.exit.code", this, m -> m.lastRun.map(r -> r.exitCode() == null ? 0.0
                        : r.exitCode().doubleValue()).orElse(0.0))
                .description("Exit code of the last finished nightly run (0: all delivered).").register(registry);
        for (String type : docTypes) {
            FunctionCounter.builder("edigate.records.rejected", this, m -> m.rejected.getOrDefault(type, 0L))
                    .description("Records intake refused (file, line, field and reason in the run report).")
                    .tags("type", type).register(registry);
        }
        FunctionCounter.builder("edigate.files.set.aside", this, m -> m.setAside)
                .description("Export files set aside whole because they could not be read.").register(registry);
        latency = Timer.builder("edigate.delivery.latency").publishPercentileHistogram()
                .description("From stored in the ledger to delivered to the client.").register(registry);
    }

    private static String key(String client, String type, String status) {
        return client + '\u001f' + type + '\u001f' + status;
    }

    /** Reads the ledger's figures and renders every series in Prometheus' text format. */
    synchronized String scrape() {
        documents.replaceAll((k, v) -> 0L);
        for (Ledger.Count c : ledger.countByClientTypeStatus()) {
            documents.put(key(c.client(), c.type(), c.status()), c.n());
        }
        overdue = ledger.countByStatus(DocumentFilter.all().withOverdueOnly()).values().stream()
                .mapToLong(Long::longValue).sum();
        lastRun = ledger.lastRun(NightlyRun.NIGHTLY_KINDS, true);
        rejected = ledger.rejectedRecordsByType();
        setAside = ledger.setAsideFileCount();
        for (Ledger.Delivered d : ledger.deliveredAfter(deliveredUpTo)) {
            latency.record(d.latency().isNegative() ? Duration.ZERO : d.latency());
            deliveredUpTo = d.at();
        }
        return registry.scrape();
    }
}
