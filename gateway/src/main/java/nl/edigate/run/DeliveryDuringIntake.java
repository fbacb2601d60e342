package nl.edigate.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.delivery.StoredPages;
import nl.edigate.report.RunReport;

/**
 * A night's order responses delivered while intake still stores them: a thread per client that takes
 * orders, fed with the documents of the night's last export as they are committed (see
 * {@link nl.edigate.intake.OrderIntake#processInbox(long, RunReport, java.util.function.BiConsumer)} for why
 * only the last). Mapping and validation keep the cores busy while the uploads wait for the client's
 * server. What is left (documents of earlier exports, of earlier nights, retries) goes in the delivery
 * after intake, which learns here why delivery to a client stopped, if it did.
 */
final class DeliveryDuringIntake implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDuringIntake.class);

    private final Map<String, StoredPages> pages = new LinkedHashMap<>();
    private final Map<String, Future<String>> running = new LinkedHashMap<>();
    private final ExecutorService threads;
    private final RunReport report;
    private boolean finished;

    /** @param clients each client's delivery of the pages given, returning why it stopped (or null) */
    DeliveryDuringIntake(Map<String, Function<StoredPages, String>> clients, RunReport report) {
        this.report = report;
        this.threads = Executors.newFixedThreadPool(Math.max(1, clients.size()), DaemonThreads.named("edigate-delivery"));
        clients.forEach((client, delivery) -> {
            StoredPages p = new StoredPages();
            pages.put(client, p);
            running.put(client, threads.submit(() -> delivery.apply(p)));
        });
    }

    /** A document of the night's last export is stored for this client. */
    void stored(String clientId, long documentPk) {
        StoredPages p = pages.get(clientId);
        if (p != null) {
            p.add(documentPk);
        }
    }

    /**
     * Intake is over: waits until what it stored is delivered.
     *
     * @return why delivery stopped, by client, for those where it did
     */
    Map<String, String> finish() {
        finished = true;
        pages.values().forEach(StoredPages::end);
        Map<String, String> stopped = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Future<String>> r : running.entrySet()) {
                try {
                    String reason = r.getValue().get();
                    if (reason != null) {
                        stopped.put(r.getKey(), reason);
                    }
                } catch (ExecutionException e) {
                    // the ledger went away, say: what is left stays READY for the delivery after intake
                    LOG.error("delivery to {} during intake broke off", r.getKey(), e.getCause());
                    report.problem("delivery to " + r.getKey() + " during intake broke off: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            report.problem("the run was interrupted during delivery");
        }
        return stopped;
    }

    /**
     * Also when intake broke off: what it stored is delivered before the run ends, so that no delivery of
     * this run is still going when the next one starts.
     */
    @Override
    public void close() {
        if (!finished) {
            finish();
        }
        threads.shutdown();
    }
}
