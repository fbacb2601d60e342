package nl.edigate.ledger;

import java.time.Instant;

/**
 * One document as the ledger holds it: {@code document} (what never changes) with its {@code document_state}.
 * {@code retryAt} is when `serve` will try it again by itself, when it plans to (a FAILED document waiting
 * for an automatic retry); null otherwise.
 */
public record LedgerDocument(long pk, String clientId, String docType, String businessKey, String contentHash,
                             String documentId, String payload, DocumentStatus status, int attempts,
                             Instant createdAt, Instant sentAt, String lastError, String remoteName,
                             String sourceFile, long sourceLine, Long runId, String sourceRecord, Instant ackAt,
                             String ackReasons, Long supersededBy, Instant updatedAt, Instant ackDueAt,
                             Instant retryAt) {
}
