package nl.edigate.console;

import java.time.Duration;
import java.time.Instant;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.Ledger;

/**
 * The figures operators' monitoring scrapes, in the Prometheus text format (0.0.4), read from the
 * ledger at each scrape so that they survive restarts and agree with `messages`.
 */
final class Metrics {
    private Metrics() {
    }

    static String render(Ledger ledger) {
        StringBuilder b = new StringBuilder();
        b.append("# HELP edigate_documents Documents in the ledger by client, type and status.\n")
                .append("# TYPE edigate_documents gauge\n");
        for (Ledger.Count c : ledger.countByClientTypeStatus()) {
            b.append("edigate_documents{client=\"").append(label(c.client())).append("\",type=\"").append(label(c.type()))
                    .append("\",status=\"").append(c.status()).append("\"} ").append(c.n()).append('\n');
        }
        long overdue = ledger.countByStatus(DocumentFilter.all().withOverdueOnly()).values().stream()
                .mapToLong(Long::longValue).sum();
        gauge(b, "edigate_acknowledgements_overdue", "Order responses without a final acknowledgement 24 h after delivery.",
                overdue);
        double[] latency = ledger.deliveryLatency(Instant.now().minus(Duration.ofDays(1)));
        b.append("# HELP edigate_delivery_latency_seconds From stored to delivered, documents delivered in the last 24 h.\n")
                .append("# TYPE edigate_delivery_latency_seconds summary\n")
                .append("edigate_delivery_latency_seconds_sum ").append(latency[1]).append('\n')
                .append("edigate_delivery_latency_seconds_count ").append((long) latency[0]).append('\n');
        var last = ledger.runs(20, 0).stream().filter(r -> r.finishedAt() != null).findFirst();
        gauge(b, "edigate_last_run_duration_seconds", "How long the last finished run took.",
                last.map(r -> Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0).orElse(0.0));
        gauge(b, "edigate_last_run_exit_code", "Exit code of the last finished run (0: all delivered).",
                last.map(r -> r.exitCode() == null ? 0.0 : r.exitCode()).orElse(0.0));
        b.append("# HELP edigate_runs_total Runs recorded in the ledger.\n# TYPE edigate_runs_total counter\n")
                .append("edigate_runs_total ").append(ledger.runCount()).append('\n');
        b.append("# HELP edigate_delivery_attempts_failed_total Delivery attempts that failed.\n")
                .append("# TYPE edigate_delivery_attempts_failed_total counter\n")
                .append("edigate_delivery_attempts_failed_total ")
                .append(ledger.failedAttemptCount()).append('\n');
        return b.toString();
    }

    private static void gauge(StringBuilder b, String name, String help, double value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n').append("# TYPE ").append(name)
                .append(" gauge\n").append(name).append(' ').append(value == Math.rint(value) ? Long.toString((long) value)
                        : Double.toString(value)).append('\n');
    }

    private static String label(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
