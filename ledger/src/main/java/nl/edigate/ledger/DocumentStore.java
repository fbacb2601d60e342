package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.generatedKey;
import static nl.edigate.ledger.LedgerDatabase.readDocument;
import static nl.edigate.ledger.LedgerDatabase.readDocuments;
import static nl.edigate.ledger.LedgerDatabase.truncate;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The outbox: documents stored before they are sent, found by key, id or business key, given up.
 * <p>Over 300 lines: a document is three rows (what never changes, its state, its content: V4, V10), and
 * every way of storing, finding or giving one up writes or reads them together, here.
 */
final class DocumentStore {
    private final LedgerDatabase db;

    DocumentStore(LedgerDatabase db) {
        this.db = db;
    }

    /**
     * The documents as readers see them: what never changes ({@code document}) with its state
     * ({@code document_state}, V10), which share no column name but the key's.
     */
    static final String DOCUMENTS = "document d JOIN document_state s ON s.document_pk = d.id";

    /** A document with its payload and source record (kept apart in document_content: see V4). */
    static final String WITH_CONTENT = "SELECT d.*, s.*, x.payload, x.source_record FROM " + DOCUMENTS
            + " JOIN document_content x ON x.document_pk = d.id";

    /** A document without its payload and source record, which are {@code null} in the result. */
    static final String HEADER_SELECT = "SELECT d.*, s.*, NULL AS payload, NULL AS source_record FROM " + DOCUMENTS;

    /** The newest document for a business key that has not been superseded. */
    public Optional<LedgerDocument> latestForKey(String clientId, String docType, String businessKey) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(HEADER_SELECT + " WHERE client_id = ? AND doc_type = ?"
                    + " AND business_key = ? AND status <> 'SUPERSEDED' ORDER BY id DESC")) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                ps.setString(3, businessKey);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readDocument(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The newest document of this type for a business key, whichever client it is for (not superseded). */
    public Optional<LedgerDocument> latestForKeyOfAnyClient(String docType, String businessKey) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(HEADER_SELECT + " WHERE doc_type = ? AND business_key = ?"
                    + " AND status <> 'SUPERSEDED' ORDER BY id DESC")) {
                ps.setString(1, docType);
                ps.setString(2, businessKey);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readDocument(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Stores a new READY document. An older document for the same key that was never delivered is
     * marked SUPERSEDED in the same transaction, so that only the newest content goes out.
     */
    public long insertDocument(String clientId, String docType, String businessKey, String contentHash,
                               String documentId, String payload, String sourceFile, long sourceLine, long runId) {
        return insertDocument(clientId, docType, businessKey, contentHash, documentId, payload, sourceFile, sourceLine,
                runId, null);
    }

    public long insertDocument(String clientId, String docType, String businessKey, String contentHash,
                               String documentId, String payload, String sourceFile, long sourceLine, long runId,
                               String sourceRecord) {
        return db.tx(c -> {
            Instant now = Instant.now();
            long pk = insertRow(c, clientId, docType, businessKey, contentHash, documentId, payload, sourceFile,
                    sourceLine, runId, sourceRecord, now);
            supersedeOlder(c, pk, clientId, docType, businessKey, documentId, now);
            return pk;
        });
    }

    /**
     * Stores several new READY documents in one transaction, each as {@link #insertDocument} would: one
     * commit for the lot instead of one per document. Either all are stored or none.
     */
    public List<Long> insertDocuments(List<Ledger.NewDocument> docs) {
        if (docs.isEmpty()) {
            return List.of();
        }
        return db.tx(c -> {
            Instant now = Instant.now();
            List<Long> pks = new ArrayList<>(docs.size());
            for (Ledger.NewDocument d : docs) {
                long pk = insertRow(c, d.clientId(), d.docType(), d.businessKey(), d.contentHash(), d.documentId(),
                        d.payload(), d.sourceFile(), d.sourceLine(), d.runId(), d.sourceRecord(), now);
                supersedeOlder(c, pk, d.clientId(), d.docType(), d.businessKey(), d.documentId(), now);
                pks.add(pk);
            }
            return pks;
        });
    }

    static void supersedeOlder(Connection c, long pk, String clientId, String docType, String businessKey,
                                       String documentId, Instant now) throws SQLException {
        // the older documents for the key first, by the key's index (none for most keys); a single UPDATE with
        // the key in a subquery had H2 go through every waiting document instead (all 100,000 during an intake)
        List<Long> older = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM document WHERE client_id = ? AND doc_type = ?"
                + " AND business_key = ? AND id <> ?")) {
            ps.setString(1, clientId);
            ps.setString(2, docType);
            ps.setString(3, businessKey);
            ps.setLong(4, pk);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    older.add(rs.getLong(1));
                }
            }
        }
        if (older.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'SUPERSEDED', superseded_by = ?,"
                + " updated_at = ?, last_error = ? WHERE document_pk = ? AND status IN ('READY', 'FAILED')")) {
            for (long old : older) {
                ps.setLong(1, pk);
                ps.setTimestamp(2, ts(now));
                ps.setString(3, "superseded before delivery by document " + documentId + " with newer content");
                ps.setLong(4, old);
                ps.executeUpdate();
            }
        }
    }

    static long insertRow(Connection c, String clientId, String docType, String businessKey,
                                  String contentHash, String documentId, String payload, String sourceFile,
                                  long sourceLine, long runId, String sourceRecord, Instant now) throws SQLException {
        long pk;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO document (client_id, doc_type, business_key,"
                + " content_hash, document_id, created_at, source_file, source_line, run_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, clientId);
            ps.setString(2, docType);
            ps.setString(3, businessKey);
            ps.setString(4, contentHash);
            ps.setString(5, documentId);
            ps.setTimestamp(6, ts(now));
            ps.setString(7, sourceFile);
            ps.setLong(8, sourceLine);
            ps.setLong(9, runId);
            ps.executeUpdate();
            pk = generatedKey(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO document_state (document_pk, status, attempts,"
                + " updated_at) VALUES (?, 'READY', 0, ?)")) {
            ps.setLong(1, pk);
            ps.setTimestamp(2, ts(now));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO document_content (document_pk, payload, source_record) VALUES (?, ?, ?)")) {
            ps.setLong(1, pk);
            ps.setString(2, payload);
            ps.setString(3, sourceRecord);
            ps.executeUpdate();
        }
        return pk;
    }

    /** Documents waiting for delivery (READY), and those a crash left in SENDING, oldest first. */
    public List<LedgerDocument> deliverable(String clientId, String docType) {
        return query(WITH_CONTENT + " WHERE client_id = ? AND doc_type = ? AND status IN ('READY', 'SENDING')"
                + " ORDER BY id", clientId, docType);
    }

    /** The keys of the documents {@link #deliverable} would return, oldest first (keys only: a batch can be large). */
    public List<Long> deliverableKeys(String clientId, String docType) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM " + DOCUMENTS + " WHERE client_id = ? AND doc_type = ?"
                    + " AND status IN ('READY', 'SENDING') ORDER BY id")) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                List<Long> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
                return out;
            }
        });
    }

    /** Those of the given documents that are still deliverable, payload included, oldest first. */
    public List<LedgerDocument> deliverable(List<Long> pks) {
        return byKeys(WITH_CONTENT, pks, " AND status IN ('READY', 'SENDING')");
    }

    /**
     * The given documents without payload and source record ({@code null} in the result), oldest first,
     * read 500 at a time: for deciding about many documents without holding their content.
     */
    public List<LedgerDocument> headers(List<Long> pks) {
        List<LedgerDocument> out = new ArrayList<>();
        for (int from = 0; from < pks.size(); from += 500) {
            out.addAll(byKeys(HEADER_SELECT, pks.subList(from, Math.min(pks.size(), from + 500)), ""));
        }
        return out;
    }

    private List<LedgerDocument> byKeys(String select, List<Long> pks, String condition) {
        if (pks.isEmpty()) {
            return List.of();
        }
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE id IN ("
                    + String.join(", ", Collections.nCopies(pks.size(), "?")) + ")" + condition
                    + " ORDER BY id")) {
                for (int i = 0; i < pks.size(); i++) {
                    ps.setLong(i + 1, pks.get(i));
                }
                return readDocuments(ps);
            }
        });
    }

    public List<LedgerDocument> documents(String clientId, String docType) {
        return query(WITH_CONTENT + " WHERE client_id = ? AND doc_type = ? ORDER BY id", clientId, docType);
    }

    public Optional<LedgerDocument> document(long pk) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(WITH_CONTENT + " WHERE id = ?")) {
                ps.setLong(1, pk);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readDocument(rs)) : Optional.empty();
                }
            }
        });
    }

    private List<LedgerDocument> query(String sql, String clientId, String docType) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                return readDocuments(ps);
            }
        });
    }

    /**
     * A document a stopped process left in SENDING over a channel where a second send is not harmless;
     * its acknowledgement, if it arrived, is due {@code ackWithin} after it may have arrived (null: none).
     */
    public void markUncertain(long documentPk, String reason, java.time.Duration ackWithin) {
        db.tx(c -> {
            Instant now = Instant.now();
            AttemptStore.closeInterrupted(c, documentPk, now);
            // sent_at: when it may have arrived, so that the acknowledgement deadline runs from then
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'UNCERTAIN',"
                    + " last_error = ?, updated_at = ?, sent_at = COALESCE(sent_at, updated_at), ack_due_at = ?"
                    + " WHERE document_pk = ?"
                    + " AND status = 'SENDING'")) {
                ps.setString(1, reason);
                ps.setTimestamp(2, ts(now));
                ps.setTimestamp(3, ackWithin == null ? null : ts(now.plus(ackWithin)));
                ps.setLong(4, documentPk);
                return ps.executeUpdate();
            }
        });
    }

    /** A document given up without an attempt (delivery to its client was stopped); the reason says why. */
    public void markFailed(long documentPk, String reason) {
        db.tx(c -> setStatus(c, documentPk, DocumentStatus.FAILED, reason, Instant.now()));
    }

    static int setStatus(Connection c, long pk, DocumentStatus status, String error, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE document_state SET status = ?, last_error = ?, updated_at = ? WHERE document_pk = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, truncate(error));
            ps.setTimestamp(3, ts(now));
            ps.setLong(4, pk);
            return ps.executeUpdate();
        }
    }

    public Optional<LedgerDocument> findByDocumentId(String documentId) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(WITH_CONTENT + " WHERE document_id = ?")) {
                ps.setString(1, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(readDocument(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The document with this ledger number, or this document id. */
    public Optional<LedgerDocument> findByIdOrDocumentId(String ref) {
        if (ref.matches("[0-9]{1,18}")) {
            Optional<LedgerDocument> byPk = document(Long.parseLong(ref));
            if (byPk.isPresent()) {
                return byPk;
            }
        }
        return findByDocumentId(ref);
    }
}
