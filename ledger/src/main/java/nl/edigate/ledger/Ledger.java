package nl.edigate.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.edigate.model.Rejection;

/**
 * The delivery ledger: every document is stored here before it is sent, and every state change and
 * every attempt is a row. Plain JDBC over H2 (file) or PostgreSQL; the schema comes from Flyway.
 * Each method is its own transaction, so a crash at any point leaves the rows telling the truth.
 * This class is the one door to it and holds no SQL: the work is done by a store per concern (runs,
 * documents as the outbox, attempts, acknowledgements, resends) and the read-only queries.
 * <p>Over 300 lines only as a list of one-line doors to the stores; callers move to the stores
 * themselves with the module split (issue 12), and this class shrinks to the records and the opening.
 */
public final class Ledger implements AutoCloseable {
    public record Run(long id, String kind, Instant startedAt, Instant finishedAt, Integer exitCode, String report) {
    }

    /** A new READY document, for {@link #insertDocuments}. */
    public record NewDocument(String clientId, String docType, String businessKey, String contentHash,
            String documentId,
                              String payload, String sourceFile, long sourceLine, long runId, String sourceRecord) {
    }

    /**
     * A successful attempt: the document is SENT under {@code remoteName}; its acknowledgement is due
     * {@code ackWithin} later (null: none is expected).
     */
    public record Success(long attemptId, long documentPk, String remoteName, String note, String response,
                          Duration ackWithin, DocumentStatus status) {
        public Success(long attemptId, long documentPk, String remoteName, String note, String response) {
            this(attemptId, documentPk, remoteName, note, response, null);
        }

        public Success(long attemptId, long documentPk, String remoteName, String note, String response,
                       Duration ackWithin) {
            this(attemptId, documentPk, remoteName, note, response, ackWithin, DocumentStatus.SENT);
        }
    }

    /** One row of a grouped count. */
    public record Count(String client, String type, String status, long n) {
    }

    /** One collected acknowledgement file. */
    public record Ack(long id, String fileName, Instant receivedAt, String outcome, String documentRef, Long documentPk,
                      String responseCode, String reasons, String keptAt) {
    }

    /** One operator resend and what it did to one document. */
    public record ResendEntry(long resendId, Instant at, String osUser, String reason, String mode, boolean forced,
                              long documentPk, Long newDocumentPk, String outcome) {
    }

    /** A delivery: when it happened and how long after the document was stored. */
    public record Delivered(Instant at, Duration latency) {
    }

    /** A document as message {@code messageRef} of the client's interchange {@code reference}. */
    public record InterchangeMessage(long reference, int messageRef, long documentPk) {
    }

    /** Who owns delivery, since when and until when (renewed while the owner lives). */
    public record Lease(String owner, Instant acquiredAt, Instant expiresAt) {
    }

    /** A resend handed over to the process that owns delivery. State: WAITING, RUNNING, DONE, FAILED, CANCELLED. */
    public record ResendRequest(long id, Instant requestedAt, String osUser, String reason, String mode, boolean forced,
                                String selection, List<Long> pks, String state, String progress, String result,
                                Integer exitCode) {
        public boolean finished() {
            return !state.equals("WAITING") && !state.equals("RUNNING");
        }
    }

    /** A problem raised as an alert: open until resolved; when its firing and its resolution were sent. */
    public record Alert(long id, String key, String clientId, String kind, String summary, Instant openedAt,
                        Instant resolvedAt, Instant firedSentAt, Instant resolvedSentAt, String resolution) {
    }

    /** How many documents failed for good, and the first of them. */
    public record Failures(long count, List<LedgerDocument> first) {
    }

    /** What a purge removed (or, in a dry run, would remove). */
    public record Purge(long documents, long attempts, long runs, long payloads, boolean dryRun) {
    }

    private final LedgerDatabase db;
    private final ServiceStore service;
    private final RetentionStore retention;
    private final InterchangeStore interchanges;
    private final RunStore runStore;
    private final DocumentStore documentStore;
    private final AttemptStore attemptStore;
    private final DocumentQueries queries;
    private final AckStore ackStore;
    private final ResendStore resendStore;

    public Ledger(String url, String user, String password) {
        this(url, user, password, false);
    }

    /** The embedded H2 file's housekeeping in this process, if it holds one (for the tests). */
    H2Housekeeping housekeeping() {
        return db.housekeeping();
    }

    /** The ledger for a read-only command (messages, show, status): quick to open and to close. */
    public static Ledger forReading(String url, String user, String password) {
        return new Ledger(url, user, password, true);
    }

    private Ledger(String url, String user, String password, boolean reading) {
        this.db = new LedgerDatabase(url, user, password, reading);
        this.runStore = new RunStore(db);
        this.documentStore = new DocumentStore(db);
        this.attemptStore = new AttemptStore(db);
        this.queries = new DocumentQueries(db);
        this.ackStore = new AckStore(db);
        this.resendStore = new ResendStore(db);
        this.interchanges = new InterchangeStore(db);
        this.service = new ServiceStore(db);
        this.retention = new RetentionStore(db);
    }

    /**
     * The retention policy: documents stored before {@code documentsBefore} go with their attempts,
     * acknowledgements and resend items, and the runs and resends nothing refers to any more; payloads of
     * documents stored before {@code payloadsBefore} are removed. Waiting documents are never touched.
     */
    public Purge purge(Instant documentsBefore, Instant payloadsBefore, boolean dryRun) {
        return retention.purge(documentsBefore, payloadsBefore, dryRun);
    }

    /** Those of the documents whose payload the retention policy removed. */
    public java.util.Set<Long> payloadsRemoved(List<Long> pks) {
        return retention.payloadsRemoved(pks);
    }

    /**
     * Takes the delivery lease for {@code ttl} when nobody holds it, it expired (its owner died), or it is
     * ours already (a renewal); false when another owner holds it.
     */
    public boolean acquireLease(String owner, Duration ttl, Instant now) {
        return service.acquireLease(owner, ttl, now);
    }

    public void releaseLease(String owner) {
        service.releaseLease(owner);
    }

    /** Who holds the delivery lease now, if anyone (an expired lease is held by nobody). */
    public Optional<Lease> leaseHolder(Instant now) {
        return service.leaseHolder(now);
    }

    /** Hands a resend to the lease's owner; returns the request's number. */
    public long requestResend(String osUser, String reason, String mode, boolean forced, String selection,
                              List<Long> pks) {
        return service.requestResend(osUser, reason, mode, forced, selection, pks);
    }

    /** The oldest waiting resend request, now marked as taken by {@code owner}. */
    public Optional<ResendRequest> takeResendRequest(String owner) {
        return service.takeResendRequest(owner);
    }

    public void resendProgress(long requestId, String progress) {
        service.resendProgress(requestId, progress);
    }

    /** Ends a handed-over resend: DONE or FAILED, the text the command prints, its exit code. */
    public void finishResendRequest(long requestId, String state, String result, int exitCode) {
        service.finishResendRequest(requestId, state, result, exitCode);
    }

    public boolean cancelResendRequest(long requestId) {
        return service.cancelResendRequest(requestId);
    }

    public Optional<ResendRequest> resendRequest(long requestId) {
        return service.resendRequest(requestId);
    }

    /** Alerts not yet resolved, and resolved ones whose resolution was not sent yet. */
    public List<Alert> openAlerts() {
        return service.openAlerts();
    }

    /** The latest alerts, newest first. */
    public List<Alert> alerts(int limit) {
        return service.alerts(limit);
    }

    public long openAlert(String key, String clientId, String kind, String summary, Instant now) {
        return service.openAlert(key, clientId, kind, summary, now);
    }

    /** The alert ended at {@code at}; {@code resolution} says what ended it. */
    public void alertResolved(long id, Instant at, String resolution) {
        service.alertResolved(id, at, resolution);
    }

    /** Records that the alert's firing (or, with {@code resolution}, its resolution) was sent. */
    public void alertSent(long id, boolean resolution, Instant at) {
        service.alertTime(id, resolution ? "resolved_sent_at" : "fired_sent_at", at);
    }

    public void alertSummary(long id, String summary) {
        service.alertSummary(id, summary);
    }

    /**
     * A new interchange for this client carrying these documents as messages 1..n: its control reference,
     * the next of the client's, committed before it is used, so never given out twice.
     */
    public long newInterchange(String clientId, List<Long> documentPks) {
        return interchanges.newInterchange(clientId, documentPks);
    }

    /** The documents the client's interchange carried; empty when the ledger knows no such interchange. */
    public List<InterchangeMessage> interchangeMessages(String clientId, long reference) {
        return interchanges.messages(clientId, reference);
    }

    /** Every interchange a document travelled in, oldest first. */
    public List<InterchangeMessage> interchangesOf(long documentPk) {
        return interchanges.ofDocument(documentPk);
    }

    public long startRun(String kind) {
        return runStore.startRun(kind);
    }

    public void finishRun(long runId, int exitCode, String report) {
        runStore.finishRun(runId, exitCode, report);
    }

    /**
     * When the last finished whole run (intake and delivery: run, scheduled, catch-up, demo) started, if
     * any. A resend or an acknowledgement pass does not count: it does not replace the nightly run.
     */
    public Optional<Instant> lastFinishedRunStart() {
        return runStore.lastFinishedRunStart();
    }

    /** The latest run of one of these kinds (only a finished one when asked), however many others came after. */
    public Optional<Ledger.Run> lastRun(java.util.Set<String> kinds, boolean finished) {
        return runStore.lastRun(kinds, finished);
    }

    public void recordRejection(long runId, Rejection r) {
        runStore.recordRejection(runId, r);
    }

    public List<Rejection> rejections(long runId) {
        return runStore.rejections(runId);
    }

    public void recordFile(long runId, String fileName, long size, String outcome, String reason, String storedAt) {
        runStore.recordFile(runId, fileName, size, outcome, reason, storedAt);
    }

    public List<Ledger.Run> runs(int limit, int offset) {
        return runStore.runs(limit, offset);
    }

    public Optional<Ledger.Run> run(long id) {
        return runStore.run(id);
    }

    /** The newest document for a business key that has not been superseded. */
    public Optional<LedgerDocument> latestForKey(String clientId, String docType, String businessKey) {
        return documentStore.latestForKey(clientId, docType, businessKey);
    }

    /** The newest current document of this type for a business key, whichever client it is for. */
    public Optional<LedgerDocument> latestForKeyOfAnyClient(String docType, String businessKey) {
        return documentStore.latestForKeyOfAnyClient(docType, businessKey);
    }

    /**
     * Stores a new READY document. An older document for the same key that was never delivered is
     * marked SUPERSEDED in the same transaction, so that only the newest content goes out.
     */
    public long insertDocument(String clientId, String docType, String businessKey, String contentHash,
                String documentId, String payload, String sourceFile, long sourceLine, long runId) {
        return documentStore.insertDocument(clientId, docType, businessKey, contentHash, documentId, payload,
                sourceFile, sourceLine, runId);
    }

    public long insertDocument(String clientId, String docType, String businessKey, String contentHash,
                String documentId, String payload, String sourceFile, long sourceLine, long runId,
                String sourceRecord) {
        return documentStore.insertDocument(clientId, docType, businessKey, contentHash, documentId, payload,
                sourceFile, sourceLine, runId, sourceRecord);
    }

    /**
     * Stores several new READY documents in one transaction, each as {@link #insertDocument} would: one
     * commit for the lot instead of one per document. Either all are stored or none.
     *
     * @return their keys, in the order given
     */
    public List<Long> insertDocuments(List<Ledger.NewDocument> docs) {
        return documentStore.insertDocuments(docs);
    }

    /** Documents waiting for delivery (READY), and those a crash left in SENDING, oldest first. */
    public List<LedgerDocument> deliverable(String clientId, String docType) {
        return documentStore.deliverable(clientId, docType);
    }

    /** The keys of the documents {@link #deliverable} would return, oldest first (keys only: a batch can be large). */
    public List<Long> deliverableKeys(String clientId, String docType) {
        return documentStore.deliverableKeys(clientId, docType);
    }

    /** Those of the given documents that are still deliverable, payload included, oldest first. */
    public List<LedgerDocument> deliverable(List<Long> pks) {
        return documentStore.deliverable(pks);
    }

    /**
     * The given documents without payload and source record ({@code null} in the result), oldest first,
     * read 500 at a time: for deciding about many documents without holding their content.
     */
    public List<LedgerDocument> headers(List<Long> pks) {
        return documentStore.headers(pks);
    }

    public List<LedgerDocument> documents(String clientId, String docType) {
        return documentStore.documents(clientId, docType);
    }

    public Optional<LedgerDocument> document(long pk) {
        return documentStore.document(pk);
    }

    /** A document a stopped process left in SENDING over a channel where a second send is not harmless. */
    public void markUncertain(long documentPk, String reason, Duration ackWithin) {
        documentStore.markUncertain(documentPk, reason, ackWithin);
    }

    /** A document given up without an attempt (delivery to its client was stopped); the reason says why. */
    /**
     * The client's documents not delivered yet: waiting (READY, SENDING) or FAILED for a transient reason,
     * oldest first, without payload.
     */
    public List<LedgerDocument> undelivered(String clientId) {
        return service.undelivered(clientId);
    }

    /** The client's FAILED documents that no automatic retry takes (a permanent error): how many, and the first. */
    public Failures permanentFailures(String clientId, int shown) {
        return service.permanentFailures(clientId, shown);
    }

    /** When `serve` retries these documents of the client by itself; no retry for its others. */
    public void planRetries(String clientId, List<Long> pks, Instant at) {
        service.planRetries(clientId, pks, at);
    }

    /** No automatic retry is planned any more (the `serve` that planned them stops). */
    public void clearRetries() {
        service.clearRetries();
    }

    /** Puts FAILED documents back in the queue for an automatic retry; returns how many were. */
    public int requeueFailed(List<Long> pks) {
        return service.requeueFailed(pks);
    }

    public void markFailed(long documentPk, String reason) {
        documentStore.markFailed(documentPk, reason);
    }

    public Optional<LedgerDocument> findByDocumentId(String documentId) {
        return documentStore.findByDocumentId(documentId);
    }

    public long beginAttempt(long documentPk, long runId, String channel) {
        return attemptStore.beginAttempt(documentPk, runId, channel);
    }

    /**
     * As above, recording first, in the same transaction, the success of the attempt before it: one
     * commit between two uploads instead of two. The states a stopped process can leave are the same.
     */
    public long beginAttempt(long documentPk, long runId, String channel, Ledger.Success previous) {
        return attemptStore.beginAttempt(documentPk, runId, channel, previous);
    }

    public void attemptSucceeded(long attemptId, long documentPk, String remoteName, String note) {
        attemptStore.attemptSucceeded(attemptId, documentPk, remoteName, note);
    }

    public void attemptSucceeded(long attemptId, long documentPk, String remoteName, String note, String response) {
        attemptStore.attemptSucceeded(attemptId, documentPk, remoteName, note, response);
    }

    public void attemptSucceeded(Ledger.Success s) {
        attemptStore.attemptSucceeded(s);
    }

    /**
     * Records a failed attempt. With {@code finalFailure} the document is FAILED; otherwise it goes back
     * to READY for the next attempt, so that a crash during the back-off leaves it deliverable.
     */
    /** The document's file is still at the client from our own delivery: SENT as it was, nothing overwritten. */
    public void attemptFoundDelivered(long attemptId, long documentPk, String note) {
        attemptStore.attemptFoundDelivered(attemptId, documentPk, note);
    }

    public void attemptFailed(long attemptId, long documentPk, String error, boolean finalFailure) {
        attemptStore.attemptFailed(attemptId, documentPk, error, finalFailure);
    }

    /** As above, keeping the client's answer (a problem+json body, say) with the attempt and the document. */
    public void attemptFailed(long attemptId, long documentPk, String error, boolean finalFailure, String response) {
        attemptStore.attemptFailed(attemptId, documentPk, error, finalFailure, response);
    }

    /** The client's last answer to a document, if it gave one. */
    public Optional<String> lastResponse(long documentPk) {
        return attemptStore.lastResponse(documentPk);
    }

    /** Closes the attempt a stopped process left open, so that the attempts tell what happened. */
    public void closeInterruptedAttempts(long documentPk) {
        attemptStore.closeInterruptedAttempts(documentPk);
    }

    public List<Attempt> attempts(long documentPk) {
        return attemptStore.attempts(documentPk);
    }

    /** The document with this ledger number, or this document id. */
    public Optional<LedgerDocument> findByIdOrDocumentId(String ref) {
        return documentStore.findByIdOrDocumentId(ref);
    }

    /** Documents whose business key starts with this text (an order or invoice number), newest first. */
    public List<LedgerDocument> findByKeyStart(String start, int limit) {
        return queries.findByKeyStart(start, limit);
    }

    /** Documents matching the filter, newest first. */
    public List<LedgerDocument> find(DocumentFilter f, int limit, int offset) {
        return queries.find(f, limit, offset);
    }

    /** The ledger numbers of the documents matching the filter, oldest first. */
    public List<Long> findIds(DocumentFilter f) {
        return queries.findIds(f);
    }

    /** How many documents per status match the filter (statuses in the order of the enum). */
    public Map<String, Long> countByStatus(DocumentFilter f) {
        return queries.countByStatus(f);
    }

    public List<Ledger.Count> countByClientTypeStatus() {
        return queries.countByClientTypeStatus();
    }

    /** How many runs the ledger records (also the health check's question: does the ledger answer?). */
    public long runCount() {
        return queries.runCount();
    }

    /** How many delivery attempts failed, ever. */
    /** Records intake refused, ever, per document type. */
    public Map<String, Long> rejectedRecordsByType() {
        return queries.rejectedRecordsByType();
    }

    /** Export files set aside whole, ever. */
    public long setAsideFileCount() {
        return queries.setAsideFileCount();
    }

    /** When each client last had a document delivered. */
    public Map<String, Instant> lastDeliveredByClient() {
        return queries.lastDeliveredByClient();
    }

    public long failedAttemptCount() {
        return queries.failedAttemptCount();
    }

    /** Documents delivered after the given instant, oldest first: when, and how long after they were stored. */
    public List<Delivered> deliveredAfter(Instant after) {
        return queries.deliveredAfter(after);
    }

    /**
     * Records an acknowledgement file and, with a document and a new status, applies it to a document
     * that waits for one. Returns whether the document's status changed.
     */
    public boolean recordAck(String fileName, String outcome, String documentRef, Long documentPk,
                String responseCode, String reasons, String keptAt, DocumentStatus newStatus) {
        return ackStore.recordAck(fileName, outcome, documentRef, documentPk, responseCode, reasons, keptAt, newStatus);
    }

    /** One step of an e-invoice's life after the access point took it; see {@link #recordLifecycle}. */
    public record LifecycleStep(String source, String documentRef, Long documentPk, String code, String reasons,
                                DocumentStatus newStatus, java.util.Set<DocumentStatus> from, Instant sentAt,
                                Instant dueAt, String keptAt) {
    }

    /**
     * Records a transmission status or an Invoice Response under its source, and applies it to the
     * document when the document is in one of the step's {@code from} states. Returns whether it changed.
     */
    public boolean recordLifecycle(LifecycleStep step) {
        return ackStore.recordLifecycle(step);
    }

    /** Whether something was recorded under this source (an acknowledgement file, an inbound document). */
    public boolean recorded(String source) {
        return ackStore.recorded(source);
    }

    public List<Ledger.Ack> acks(Long documentPk) {
        return ackStore.acks(documentPk);
    }

    public long startResend(String osUser, String reason, String mode, boolean forced, String selection) {
        return resendStore.startResend(osUser, reason, mode, forced, selection);
    }

    /**
     * Puts a document back in the queue as it was sent (same payload, same document id) and records the
     * resend item, in one transaction.
     */
    public void requeueForResend(long resendId, long documentPk) {
        resendStore.requeueForResend(resendId, documentPk);
    }

    /** As above for several documents, in one transaction. */
    public void requeueForResend(long resendId, List<Long> documentPks) {
        resendStore.requeueForResend(resendId, documentPks);
    }

    /** Stores the re-rendered document and marks the old one superseded by it, with the resend item, at once. */
    public long rerenderForResend(long resendId, LedgerDocument old, String contentHash, String documentId,
                String payload, String sourceRecord, long runId) {
        return resendStore.rerenderForResend(resendId, old, contentHash, documentId, payload, sourceRecord, runId);
    }

    public void recordResendRefusal(long resendId, long documentPk, String outcome) {
        resendStore.recordResendRefusal(resendId, documentPk, outcome);
    }

    /** Every resend that touched a document, as the old or the new one. */
    public List<Ledger.ResendEntry> resendHistory(long documentPk) {
        return resendStore.resendHistory(documentPk);
    }

    /** Whether opening found the schema behind and migrated it (false: it was current, Flyway not run). */
    public boolean migratedAtOpen() {
        return db.migrated();
    }

    @Override
    public void close() {
        db.close();
    }
}
