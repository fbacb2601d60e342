package nl.edigate.delivery;

import java.time.Duration;
import java.util.ArrayList;
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
 * stops the batch: the rest is marked FAILED with the reason, never silently left behind. Documents of a
 * format that puts several in one file (an EDIFACT interchange) go as one file, every attempt a row for
 * each of them.
 * <p>Over 300 lines: one document and one file of several share the batch, the attempt loop and the
 * ledger bookkeeping; the retry decision itself is {@link RetryState}.
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
    /** How long after delivery the client's acknowledgement is due; null when the channel gets none. */
    private Duration ackWithin;

    /** The documents of this delivery get an acknowledgement, due this long after delivery. */
    public Delivery acknowledgedWithin(Duration within) {
        this.ackWithin = within;
        return this;
    }

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
        int perFile = channel.documentsPerFile();
        List<LedgerDocument> group = new ArrayList<>();
        try {
            for (int from = 0; from < waiting.size(); from += PAGE) {
                for (LedgerDocument doc : ledger.deliverable(waiting.subList(from, Math.min(waiting.size(), from + PAGE)))) {
                    if (++done % 1000 == 0) {
                        progress.accept(done + " of " + waiting.size() + " " + doc.docType() + " documents handled");
                    }
                    if (perFile > 1 && doc.status() == DocumentStatus.READY && stopReason == null && !stopRequested) {
                        // documents that travel several to a file wait for their file to fill
                        group.add(doc);
                        if (group.size() == perFile) {
                            stopReason = handleGroup(runId, group, channel, section);
                            group.clear();
                        }
                    } else {
                        stopReason = handle(runId, doc, channel, section, stopReason);
                    }
                }
            }
            if (!group.isEmpty() && (stopRequested || stopReason != null)) {
                // the last, partly filled file waits: each of its documents as a single one would
                for (LedgerDocument doc : group) {
                    stopReason = handle(runId, doc, channel, section, stopReason);
                }
            } else if (!group.isEmpty()) {
                stopReason = handleGroup(runId, group, channel, section);
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
                    + " client received it will show in its acknowledgement; resend if none arrives", ackWithin);
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
        Result r = deliverUnit(runId, List.of(doc), channel, () -> channel.send(doc), channel.remoteName(doc));
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

    /**
     * Documents that travel in one file (an interchange): the file is made once, with its reference from
     * the ledger, and sent as one, with every attempt a row for each of its documents; a retry sends the
     * same file under the same name. Returns the reason delivery to this client stopped, if it has.
     */
    private String handleGroup(long runId, List<LedgerDocument> group, Channel channel, RunReport.Section section) {
        recordSuccess();
        Channel.Parcel parcel;
        try {
            parcel = channel.parcel(group);
        } catch (RuntimeException e) {
            // the file breaks the contract (or cannot be made): none of its documents can go this way
            String reason = "the file for these documents cannot be made: " + e.getMessage();
            for (LedgerDocument doc : group) {
                ledger.markFailed(doc.pk(), reason);
                section.count(RunReport.Figure.FAILED);
                section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + reason);
            }
            return null;
        }
        Result r = deliverUnit(runId, group, channel, () -> channel.send(parcel), parcel.remoteName());
        for (LedgerDocument doc : group) {
            switch (r.outcome) {
                case SENT -> section.count(RunReport.Figure.DELIVERED);
                case ABANDONED -> section.count(RunReport.Figure.LEFT_FOR_NEXT_RUN);
                default -> {
                    section.count(RunReport.Figure.FAILED);
                    section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
                }
            }
        }
        if (r.outcome == Outcome.SENT) {
            section.deliveredFile(r.detail + " (" + group.size() + " documents)");
        }
        recordSuccess();
        if (r.outcome == Outcome.STOP) {
            section.stopDelivery(r.detail);
            return r.detail;
        }
        return null;
    }

    /** One send: a document, or the file of a group. */
    @FunctionalInterface
    private interface Send {
        Channel.Receipt send() throws Exception;
    }

    /**
     * Sends one document, or one file of several, until it is delivered, fails for good or stops the
     * client. Every attempt is a ledger row for each document it carries.
     */
    private Result deliverUnit(long runId, List<LedgerDocument> docs, Channel channel, Send sender, String finalName) {
        LedgerDocument doc = docs.get(0);
        String what = docs.size() == 1 ? doc.documentId() : finalName + " (" + docs.size() + " documents)";
        // After an attempt of this run broke off, the upload may have completed: meeting our own final
        // name on the server then means it did (SFTP). A document a stopped process left SENDING never
        // gets here over SFTP (it became UNCERTAIN); over HTTPS the Idempotency-Key makes a retry safe.
        boolean uncertain = false;
        RetryState retrying = new RetryState(retry, maxRetryAfter);
        long waitMillis = 0;
        for (int attempt = 1; ; attempt++) {
            if (waitMillis > 0 && !pause(waitMillis)) {
                return new Result(Outcome.ABANDONED, "stopped while waiting to retry");
            }
            long[] attemptIds = new long[docs.size()];
            for (int i = 0; i < docs.size(); i++) {
                attemptIds[i] = ledger.beginAttempt(docs.get(i).pk(), runId, channel.name(), i == 0 ? takeUnrecorded() : null);
            }
            try {
                Channel.Receipt receipt = sender.send();
                succeeded(docs, attemptIds, receipt.remoteName(), null, receipt.response(), receipt.status());
                LOG.info("delivered {} as {}", what, receipt.remoteName());
                return new Result(Outcome.SENT, receipt.remoteName());
            } catch (Exception e) {
                Failure f = e instanceof Channel.DeliveryFailure df ? df.failure() : channel.classify(e);
                if (f.kind() == Failure.Kind.REMOTE_EXISTS && uncertain) {
                    succeeded(docs, attemptIds, finalName,
                            "found on the server under its final name: an earlier, interrupted attempt completed", null,
                            DocumentStatus.SENT);
                    return new Result(Outcome.SENT, finalName);
                }
                RetryState.Decision d = retrying.after(f, attempt);
                if (d.renewToken()) {
                    channel.refreshCredentials();
                }
                boolean last = d.last();
                String error = d.error();
                f = d.failure();
                waitMillis = d.waitMillis();
                for (int i = 0; i < docs.size(); i++) {
                    ledger.attemptFailed(attemptIds[i], docs.get(i).pk(), error, last, f.response());
                }
                LOG.warn("attempt {} for {} failed: {}", attempt, what, error);
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

    /** One document's success waits for the next ledger change; a file of several is recorded at once. */
    private void succeeded(List<LedgerDocument> docs, long[] attemptIds, String remoteName, String note, String response,
                           DocumentStatus status) {
        if (docs.size() == 1) {
            unrecorded = new Ledger.Success(attemptIds[0], docs.get(0).pk(), remoteName, note, response, ackWithin, status);
            return;
        }
        for (int i = 0; i < docs.size(); i++) {
            ledger.attemptSucceeded(new Ledger.Success(attemptIds[i], docs.get(i).pk(), remoteName, note, response,
                    ackWithin, status));
        }
    }

    private boolean pause(long millis) {
        return sleeper.sleep(Duration.ofMillis(millis), () -> stopRequested);
    }
}
