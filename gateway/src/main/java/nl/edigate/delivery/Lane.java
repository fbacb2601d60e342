package nl.edigate.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.text.Printable;
import nl.edigate.text.Times;

/**
 * One session's share of a {@link Delivery.Batch}: takes the batch's pages one after the other (another
 * lane, over the client's second session, takes the pages in between) and sends each document, every
 * attempt a ledger row. The success of its last upload waits for its next ledger change, so that a lane
 * commits once per document; a lane is only ever run by one thread.
 */
final class Lane {
    private static final Logger LOG = LoggerFactory.getLogger(Lane.class);

    private enum Outcome { SENT, ALREADY_THERE, FAILED, STOP, ABANDONED }

    private record Result(Outcome outcome, String detail) {
    }

    /** One send: a document, or the file of a group. */
    @FunctionalInterface
    private interface Send {
        Channel.Receipt send() throws Exception;
    }

    private final Delivery delivery;
    private final Ledger ledger;
    private final Channel channel;
    private final Delivery.Batch batch;
    private final RunReport.Section section;
    /**
     * The success of the last upload, recorded with the next ledger change (the next attempt's start),
     * so that there is one commit per document between uploads, not two; recorded on its own before
     * any other change and at the end of the lane.
     */
    private Ledger.Success unrecorded;

    Lane(Delivery delivery, Ledger ledger, Channel channel, Delivery.Batch batch) {
        this.delivery = delivery;
        this.ledger = ledger;
        this.channel = channel;
        this.batch = batch;
        this.section = batch.section();
    }

    void run() {
        boolean completed = false;
        int perFile = channel.documentsPerFile();
        List<LedgerDocument> group = new ArrayList<>();
        try {
            for (List<Long> page = batch.nextPage(); page != null; page = batch.nextPage()) {
                for (LedgerDocument doc : ledger.deliverable(page)) {
                    batch.handled(doc.docType());
                    if (perFile > 1 && doc.status() == DocumentStatus.READY && batch.stopReason() == null
                            && !delivery.stopRequested()) {
                        // documents that travel several to a file wait for their file to fill
                        group.add(doc);
                        if (group.size() == perFile) {
                            handleGroup(group);
                            group.clear();
                        }
                    } else {
                        handle(doc);
                    }
                }
            }
            if (!group.isEmpty() && (delivery.stopRequested() || batch.stopReason() != null)) {
                // the last, partly filled file waits: each of its documents as a single one would
                for (LedgerDocument doc : group) {
                    handle(doc);
                }
            } else if (!group.isEmpty()) {
                handleGroup(group);
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

    private void handle(LedgerDocument doc) {
        if (delivery.stopRequested()) {
            section.count(RunReport.Figure.LEFT_FOR_NEXT_RUN);
            return;
        }
        String stopReason = batch.stopReason();
        if (doc.status() != DocumentStatus.READY || stopReason != null) {
            recordSuccess();
        }
        if (doc.status() == DocumentStatus.SENDING && !channel.idempotent()) {
            // left SENDING by a process that stopped: the upload may have completed and the client's
            // importer taken the file. Sending it again could deliver the same document id twice.
            ledger.markUncertain(doc.pk(), "the delivering process stopped during the upload; whether the"
                    + " client received it will show in its acknowledgement; resend if none arrives", delivery.ackWithin());
            section.count(RunReport.Figure.UNCERTAIN);
            section.failure(doc.documentId() + " (" + doc.businessKey() + "): UNCERTAIN after an"
                    + " interrupted upload; waiting for the client's acknowledgement");
            return;
        }
        if (doc.status() == DocumentStatus.SENDING) {
            ledger.closeInterruptedAttempts(doc.pk()); // sent again below under the same Idempotency-Key
        }
        if (stopReason != null) {
            ledger.markFailed(doc.pk(), "not attempted: " + stopReason);
            section.count(RunReport.Figure.FAILED);
            section.failure(doc.documentId() + " (" + doc.businessKey() + "): not attempted: " + stopReason);
            return;
        }
        Result r = deliverUnit(List.of(doc), () -> channel.send(doc), channel.remoteName(doc));
        switch (r.outcome) {
            case SENT -> {
                section.count(RunReport.Figure.DELIVERED);
                section.deliveredFile(r.detail);
            }
            case ALREADY_THERE -> {
                section.count(RunReport.Figure.ALREADY_AT_CLIENT);
                section.warning(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
            }
            case FAILED -> {
                section.count(RunReport.Figure.FAILED);
                section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
            }
            case STOP -> {
                section.count(RunReport.Figure.FAILED);
                section.failure(doc.documentId() + " (" + doc.businessKey() + "): " + r.detail);
                section.stopDelivery(r.detail);
                batch.stop(r.detail);
            }
            case ABANDONED -> section.count(RunReport.Figure.LEFT_FOR_NEXT_RUN);
            default -> throw new IllegalStateException();
        }
    }

    /**
     * Documents that travel in one file (an interchange): the file is made once, with its reference from
     * the ledger, and sent as one, with every attempt a row for each of its documents; a retry sends the
     * same file under the same name.
     */
    private void handleGroup(List<LedgerDocument> group) {
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
            return;
        }
        Result r = deliverUnit(group, () -> channel.send(parcel), parcel.remoteName());
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
            batch.stop(r.detail);
        }
    }

    /**
     * Sends one document, or one file of several, until it is delivered, fails for good or stops the
     * client. Every attempt is a ledger row for each document it carries.
     */
    private Result deliverUnit(List<LedgerDocument> docs, Send sender, String finalName) {
        LedgerDocument doc = docs.get(0);
        String what = docs.size() == 1 ? doc.documentId() : finalName + " (" + docs.size() + " documents)";
        // After an attempt of this run broke off, the upload may have completed: meeting our own final
        // name on the server then means it did (SFTP). A document a stopped process left SENDING never
        // gets here over SFTP (it became UNCERTAIN); over HTTPS the Idempotency-Key makes a retry safe.
        boolean uncertain = false;
        RetryState retrying = delivery.retryState();
        long waitMillis = 0;
        for (int attempt = 1; ; attempt++) {
            if (waitMillis > 0 && !delivery.pause(waitMillis)) {
                return new Result(Outcome.ABANDONED, "stopped while waiting to retry");
            }
            long[] attemptIds = new long[docs.size()];
            for (int i = 0; i < docs.size(); i++) {
                attemptIds[i] = ledger.beginAttempt(docs.get(i).pk(), batch.runId(), channel.name(),
                        i == 0 ? takeUnrecorded() : null);
            }
            try {
                Channel.Receipt receipt = sender.send();
                succeeded(docs, attemptIds, receipt.remoteName(), null, receipt.response(), receipt.status());
                LOG.info("delivered {} as {}", what, receipt.remoteName());
                return new Result(Outcome.SENT, receipt.remoteName());
            } catch (Exception e) {
                Failure f = e instanceof Channel.DeliveryFailure df ? df.failure() : channel.classify(e);
                if (f.kind() == Failure.Kind.REMOTE_EXISTS && docs.size() == 1 && doc.sentAt() != null
                        && finalName != null && finalName.equals(doc.remoteName())) {
                    // a resend as sent while the client has not taken the file yet: it has the document
                    String note = "not sent again: the client still has " + finalName + " from our delivery at "
                            + Times.format(doc.sentAt()) + "; nothing overwritten";
                    ledger.attemptFoundDelivered(attemptIds[0], doc.pk(), note);
                    LOG.info("{}: {}", what, note);
                    return new Result(Outcome.ALREADY_THERE, note);
                }
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
                if (!last) {
                    // a long wait is shown where the run's progress goes (the command's stderr)
                    delivery.say(channel.name() + " " + what + ": attempt " + attempt + " failed (" + Printable.of(error, 200)
                            + "); next try at " + Times.format(Instant.now().plusMillis(waitMillis)) + ", at most "
                            + retrying.maxAttempts() + " attempts for a passing error");
                }
                if (last) {
                    boolean stops = f.kind().stopsClient || f.kind() == Failure.Kind.TRANSIENT;
                    return new Result(stops ? Outcome.STOP : Outcome.FAILED, error);
                }
                uncertain = true;
                if (delivery.stopRequested()) {
                    return new Result(Outcome.ABANDONED, "stop requested");
                }
            }
        }
    }

    /** One document's success waits for the next ledger change; a file of several is recorded at once. */
    private void succeeded(List<LedgerDocument> docs, long[] attemptIds, String remoteName, String note, String response,
                           DocumentStatus status) {
        if (docs.size() == 1) {
            unrecorded = new Ledger.Success(attemptIds[0], docs.get(0).pk(), remoteName, note, response,
                    delivery.ackWithin(), status);
            return;
        }
        for (int i = 0; i < docs.size(); i++) {
            ledger.attemptSucceeded(new Ledger.Success(attemptIds[i], docs.get(i).pk(), remoteName, note, response,
                    delivery.ackWithin(), status));
        }
    }
}
