package nl.edigate.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.RetryPolicy;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.run.RunReport;

/**
 * Delivers what the ledger says is ready, one document at a time over one channel. Every attempt is a
 * ledger row; transient errors are retried with back-off, permanent ones fail at once, and an error
 * that concerns the whole client (host key, authentication, permission, a server that stays away)
 * stops the batch: the rest is marked FAILED with the reason, never silently left behind.
 */
public final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final Ledger ledger;
    private final RetryPolicy retry;
    private volatile boolean stopRequested;

    public Delivery(Ledger ledger, RetryPolicy retry) {
        this.ledger = ledger;
        this.retry = retry;
    }

    /** Asks a running batch to finish the document in flight and stop; the rest stays READY. */
    public void requestStop() {
        stopRequested = true;
    }

    private enum Outcome { SENT, FAILED, STOP, ABANDONED }

    public void deliver(long runId, String clientId, String docType, Channel channel, RunReport.Section section) {
        List<LedgerDocument> batch = ledger.deliverable(clientId, docType);
        String stopReason = null;
        for (LedgerDocument doc : batch) {
            if (stopRequested) {
                section.leftForNextRun++;
                continue;
            }
            if (stopReason != null) {
                ledger.markFailed(doc.pk(), "not attempted: " + stopReason);
                section.failed++;
                section.failures.add(doc.documentId() + " (" + doc.businessKey() + "): not attempted: " + stopReason);
                continue;
            }
            Result r = deliverOne(runId, doc, channel);
            switch (r.outcome) {
                case SENT -> {
                    section.delivered++;
                    section.deliveredFiles.add(r.detail);
                }
                case FAILED -> {
                    section.failed++;
                    section.failures.add(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
                }
                case STOP -> {
                    section.failed++;
                    section.failures.add(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
                    stopReason = r.detail;
                    section.deliveryStopped = r.detail;
                }
                case ABANDONED -> section.leftForNextRun++;
                default -> throw new IllegalStateException();
            }
        }
    }

    private record Result(Outcome outcome, String detail) {
    }

    private Result deliverOne(long runId, LedgerDocument doc, Channel channel) {
        String remoteName = channel.remoteName(doc.documentId());
        byte[] payload = doc.payload().getBytes(StandardCharsets.UTF_8);
        // A document left SENDING by a crash, or one whose last attempt broke off, may already be on
        // the server under its final name; finding it there then means our own upload completed.
        boolean uncertain = doc.status() == DocumentStatus.SENDING;
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                if (!pause(retry.backoffBefore(attempt).toMillis())) {
                    return new Result(Outcome.ABANDONED, "stopped during back-off");
                }
            }
            long attemptId = ledger.beginAttempt(doc.pk(), runId, channel.name());
            try {
                channel.send(remoteName, payload);
                ledger.attemptSucceeded(attemptId, doc.pk(), remoteName, null);
                LOG.info("delivered {} as {}", doc.documentId(), remoteName);
                return new Result(Outcome.SENT, remoteName);
            } catch (Exception e) {
                Failure f = Failure.classify(e);
                if (f.kind() == Failure.Kind.REMOTE_EXISTS && uncertain) {
                    ledger.attemptSucceeded(attemptId, doc.pk(), remoteName,
                            "found on the server under its final name: an earlier, interrupted attempt completed");
                    return new Result(Outcome.SENT, remoteName);
                }
                boolean last = f.kind().permanent || attempt >= retry.maxAttempts();
                String error = f.kind() + ": " + f.message();
                if (f.kind() == Failure.Kind.TRANSIENT && last) {
                    error = error + " (gave up after " + attempt + " attempts)";
                }
                ledger.attemptFailed(attemptId, doc.pk(), error, last);
                LOG.warn("attempt {} of {} for {} failed: {}", attempt, retry.maxAttempts(), doc.documentId(), error);
                if (last) {
                    boolean stops = f.kind().stopsClient || f.kind() == Failure.Kind.TRANSIENT;
                    return new Result(stops ? Outcome.STOP : Outcome.FAILED, error);
                }
                uncertain = true;
                if (stopRequested) {
                    return new Result(Outcome.ABANDONED, "stop requested");
                }
            }
        }
    }

    private boolean pause(long millis) {
        long until = System.currentTimeMillis() + millis;
        try {
            while (!stopRequested) {
                long left = until - System.currentTimeMillis();
                if (left <= 0) {
                    return true;
                }
                Thread.sleep(Math.min(left, 200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
