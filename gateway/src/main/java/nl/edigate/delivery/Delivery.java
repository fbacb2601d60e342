package nl.edigate.delivery;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.RetryPolicy;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;

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
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;
    private volatile boolean stopRequested;
    /**
     * The success of the last upload, recorded with the next ledger change (the next attempt's start),
     * so that there is one commit per document between uploads, not two; recorded on its own before
     * any other change and at the end of the batch.
     */
    private Ledger.Success unrecorded;
    private volatile Consumer<String> progress = p -> { };

    /** Where to say how far a long batch has come (every 1000 documents). */
    public void onProgress(Consumer<String> listener) {
        this.progress = listener == null ? p -> { } : listener;
    }

    public Delivery(Ledger ledger, RetryPolicy retry) {
        this(ledger, retry, Duration.ofMinutes(15));
    }

    public Delivery(Ledger ledger, RetryPolicy retry, Duration maxRetryAfter) {
        this(ledger, retry, maxRetryAfter, Sleeper.REAL);
    }

    public Delivery(Ledger ledger, RetryPolicy retry, Duration maxRetryAfter, Sleeper sleeper) {
        this.ledger = ledger;
        this.retry = retry;
        this.maxRetryAfter = maxRetryAfter;
        this.sleeper = sleeper;
    }

    /** Asks a running batch to finish the document in flight and stop; the rest stays READY. */
    public void requestStop() {
        stopRequested = true;
    }

    private enum Outcome { SENT, FAILED, STOP, ABANDONED }

    public void deliver(long runId, String clientId, String docType, Channel channel, RunReport.Section section) {
        deliver(runId, clientId, docType, channel, () -> section);
    }

    /** As above; the report section is made only when there is something to deliver. */
    public void deliver(long runId, String clientId, String docType, Channel channel,
                        Supplier<RunReport.Section> section) {
        List<Long> waiting = ledger.deliverableKeys(clientId, docType);
        if (waiting.isEmpty()) {
            return;
        }
        try {
            deliverBatch(runId, waiting, channel, section.get());
        } finally {
            channel.endBatch();
        }
    }

    /** Documents read from the ledger at a time, payload included: memory does not grow with the batch. */
    static final int PAGE = 200;

    private void deliverBatch(long runId, List<Long> waiting, Channel channel, RunReport.Section section) {
        String stopReason = null;
        int done = 0;
        boolean completed = false;
        try {
            for (int from = 0; from < waiting.size(); from += PAGE) {
                for (LedgerDocument doc : ledger.deliverable(waiting.subList(from, Math.min(waiting.size(), from + PAGE)))) {
                    if (++done % 1000 == 0) {
                        progress.accept(done + " of " + waiting.size() + " " + doc.docType() + " documents handled");
                    }
                    stopReason = handle(runId, doc, channel, section, stopReason);
                }
            }
            completed = true;
        } finally {
            try {
                recordSuccess();
            } catch (RuntimeException e) {
                if (completed) {
                    throw e;
                }
                // already failing: the document stays SENDING, and the next run treats it as interrupted
                LOG.warn("could not record the last delivery: {}", e.getMessage());
            }
        }
    }

    private void recordSuccess() {
        Ledger.Success s = takeUnrecorded();
        if (s != null) {
            ledger.attemptSucceeded(s);
        }
    }

    private Ledger.Success takeUnrecorded() {
        Ledger.Success s = unrecorded;
        unrecorded = null;
        return s;
    }

    /** @return the reason delivery to this client stopped, if it has */
    private String handle(long runId, LedgerDocument doc, Channel channel, RunReport.Section section,
                          String stopReason) {
        if (stopRequested) {
            section.count(RunReport.Figure.LEFT_FOR_NEXT_RUN);
            return stopReason;
        }
        if (doc.status() != DocumentStatus.READY || stopReason != null) {
            recordSuccess();
        }
        if (doc.status() == DocumentStatus.SENDING && !channel.idempotent()) {
            // left SENDING by a process that stopped: the upload may have completed and the client's
            // importer taken the file. Sending it again could deliver the same document id twice.
            ledger.markUncertain(doc.pk(), "the delivering process stopped during the upload; whether the"
                    + " client received it will show in its acknowledgement; resend if none arrives");
            section.count(RunReport.Figure.UNCERTAIN);
            section.failure(doc.documentId() + " (" + doc.businessKey() + "): UNCERTAIN after an"
                    + " interrupted upload; waiting for the client's acknowledgement");
            return stopReason;
        }
        if (doc.status() == DocumentStatus.SENDING) {
            ledger.closeInterruptedAttempts(doc.pk()); // sent again below under the same Idempotency-Key
        }
        if (stopReason != null) {
            ledger.markFailed(doc.pk(), "not attempted: " + stopReason);
            section.count(RunReport.Figure.FAILED);
            section.failure(doc.documentId() + " (" + doc.businessKey() + "): not attempted: " + stopReason);
            return stopReason;
        }
        Result r = deliverOne(runId, doc, channel);
        switch (r.outcome) {
            case SENT -> {
                section.count(RunReport.Figure.DELIVERED);
                section.deliveredFile(r.detail);
            }
            case FAILED -> {
                section.count(RunReport.Figure.FAILED);
                section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
            }
            case STOP -> {
                section.count(RunReport.Figure.FAILED);
                section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
                section.stopDelivery(r.detail);
                return r.detail;
            }
            case ABANDONED -> section.count(RunReport.Figure.LEFT_FOR_NEXT_RUN);
            default -> throw new IllegalStateException();
        }
        return stopReason;
    }

    private record Result(Outcome outcome, String detail) {
    }

    private Result deliverOne(long runId, LedgerDocument doc, Channel channel) {
        // After an attempt of this run broke off, the upload may have completed: meeting our own final
        // name on the server then means it did (SFTP). A document a stopped process left SENDING never
        // gets here over SFTP (it became UNCERTAIN); over HTTPS the Idempotency-Key makes a retry safe.
        boolean uncertain = false;
        boolean tokenRenewed = false;
        int transientFailures = 0;
        Duration toldToWait = Duration.ZERO;
        int rateLimited = 0;
        long waitMillis = 0;
        for (int attempt = 1; ; attempt++) {
            if (waitMillis > 0 && !pause(waitMillis)) {
                return new Result(Outcome.ABANDONED, "stopped while waiting to retry");
            }
            long attemptId = ledger.beginAttempt(doc.pk(), runId, channel.name(), takeUnrecorded());
            try {
                Channel.Receipt receipt = channel.send(doc);
                unrecorded = new Ledger.Success(attemptId, doc.pk(), receipt.remoteName(), null, receipt.response());
                LOG.info("delivered {} as {}", doc.documentId(), receipt.remoteName());
                return new Result(Outcome.SENT, receipt.remoteName());
            } catch (Exception e) {
                Failure f = e instanceof Channel.DeliveryFailure df ? df.failure() : channel.classify(e);
                if (f.kind() == Failure.Kind.REMOTE_EXISTS && uncertain) {
                    unrecorded = new Ledger.Success(attemptId, doc.pk(), channel.remoteName(doc),
                            "found on the server under its final name: an earlier, interrupted attempt completed", null);
                    return new Result(Outcome.SENT, channel.remoteName(doc));
                }
                boolean last;
                String error = f.kind() + ": " + f.message();
                switch (f.kind()) {
                    case TOKEN_EXPIRED -> {
                        // a new token, and one more try at once; a second 401 is an authentication problem
                        last = tokenRenewed;
                        if (last) {
                            f = new Failure(Failure.Kind.AUTHENTICATION, "401 again with a fresh token: " + f.message(),
                                    null, f.response());
                            error = f.kind() + ": " + f.message();
                        }
                        if (!last) {
                            tokenRenewed = true;
                            channel.refreshCredentials();
                        }
                        waitMillis = 0;
                    }
                    case RATE_LIMITED -> {
                        rateLimited++;
                        Duration wait = f.retryAfter() != null ? f.retryAfter() : retry.backoffBefore(rateLimited + 1);
                        last = wait.compareTo(maxRetryAfter) > 0 || rateLimited > retry.maxAttempts();
                        if (last) {
                            error = error + " (Retry-After " + wait.toSeconds() + " s is beyond what we wait, or asked "
                                    + rateLimited + " times)";
                        }
                        waitMillis = wait.toMillis();
                    }
                    case TRANSIENT -> {
                        Duration backoff = retry.backoffBefore(transientFailures + 2);
                        Duration asked = f.retryAfter();
                        if (asked != null && asked.compareTo(maxRetryAfter) <= 0
                                && toldToWait.plus(asked).compareTo(maxRetryAfter.multipliedBy(2)) <= 0) {
                            // the server said when to come back (its maintenance window): that is no failure
                            // of ours to count against the attempts, only against the time we give it
                            toldToWait = toldToWait.plus(asked);
                            last = false;
                        } else {
                            transientFailures++;
                            last = transientFailures >= retry.maxAttempts();
                            if (last) {
                                error = error + " (gave up after " + attempt + " attempts"
                                        + (asked == null ? "" : ", " + toldToWait.toSeconds() + " s of them as Retry-After asked")
                                        + ")";
                            }
                        }
                        // never before the Retry-After has passed
                        waitMillis = asked != null && asked.compareTo(backoff) > 0 ? asked.toMillis() : backoff.toMillis();
                    }
                    default -> last = true;
                }
                ledger.attemptFailed(attemptId, doc.pk(), error, last, f.response());
                LOG.warn("attempt {} for {} failed: {}", attempt, doc.documentId(), error);
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
        return sleeper.sleep(Duration.ofMillis(millis), () -> stopRequested);
    }
}
