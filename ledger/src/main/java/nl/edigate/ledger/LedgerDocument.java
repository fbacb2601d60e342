package nl.edigate.ledger;

import java.time.Instant;

/** One row of the document table. */
public record LedgerDocument(long pk, String clientId, String docType, String businessKey, String contentHash,
                             String documentId, String payload, DocumentStatus status, int attempts,
                             Instant createdAt, Instant sentAt, String lastError, String remoteName,
                             String sourceFile, long sourceLine, Long runId, String sourceRecord, Instant ackAt,
                             String ackReasons, Long supersededBy, Instant updatedAt, Instant ackDueAt) {
}
