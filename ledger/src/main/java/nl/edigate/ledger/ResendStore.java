package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.generatedKey;
import static nl.edigate.ledger.LedgerDatabase.instant;
import static nl.edigate.ledger.LedgerDatabase.truncate;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Operators' resends: who, when, why, how, and what happened to each document. */
final class ResendStore {
    private final LedgerDatabase db;

    ResendStore(LedgerDatabase db) {
        this.db = db;
    }

    public long startResend(String osUser, String reason, String mode, boolean forced, String selection) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO resend (at, os_user, reason, mode, forced,"
                    + " selection) VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setString(2, osUser);
                ps.setString(3, truncate(reason));
                ps.setString(4, mode);
                ps.setBoolean(5, forced);
                ps.setString(6, truncate(selection));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    /**
     * Puts a document back in the queue as it was sent (same payload, same document id) and records the
     * resend item, in one transaction.
     */
    public void requeueForResend(long resendId, long documentPk) {
        requeueForResend(resendId, List.of(documentPk));
    }

    /** As above for several documents, in one transaction. */
    public void requeueForResend(long resendId, List<Long> documentPks) {
        db.tx(c -> {
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'READY', updated_at = ?,"
                    + " ack_at = NULL, retry_at = NULL WHERE document_pk = ?")) {
                for (long pk : documentPks) {
                    ps.setTimestamp(1, ts(now));
                    ps.setLong(2, pk);
                    ps.executeUpdate();
                    insertResendItem(c, resendId, pk, null, "QUEUED");
                }
            }
            return null;
        });
    }

    /** Stores the re-rendered document and marks the old one superseded by it, with the resend item, at once. */
    public long rerenderForResend(long resendId, LedgerDocument old, String contentHash, String documentId,
                                  String payload, String sourceRecord, long runId) {
        return db.tx(c -> {
            Instant now = Instant.now();
            long pk = DocumentStore.insertRow(c, old.clientId(), old.docType(), old.businessKey(), contentHash,
                    documentId, payload,
                    old.sourceFile(), old.sourceLine(), runId, sourceRecord, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'SUPERSEDED',"
                    + " superseded_by = ?, updated_at = ? WHERE document_pk = ?")) {
                ps.setLong(1, pk);
                ps.setTimestamp(2, ts(now));
                ps.setLong(3, old.pk());
                ps.executeUpdate();
            }
            insertResendItem(c, resendId, old.pk(), pk, "RERENDERED");
            return pk;
        });
    }

    public void recordResendRefusal(long resendId, long documentPk, String outcome) {
        db.tx(c -> insertResendItem(c, resendId, documentPk, null, outcome));
    }

    private static int insertResendItem(Connection c, long resendId, long documentPk, Long newPk, String outcome)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO resend_item (resend_id, document_pk,"
                + " new_document_pk, outcome) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, resendId);
            ps.setLong(2, documentPk);
            if (newPk == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, newPk);
            }
            ps.setString(4, outcome);
            return ps.executeUpdate();
        }
    }

    /** Every resend that touched a document, as the old or the new one. */
    public List<Ledger.ResendEntry> resendHistory(long documentPk) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.at, r.os_user, r.reason, r.mode, r.forced,"
                    + " i.document_pk, i.new_document_pk, i.outcome FROM resend_item i JOIN resend r ON r.id = i.resend_id"
                    + " WHERE i.document_pk = ? OR i.new_document_pk = ? ORDER BY i.id")) {
                ps.setLong(1, documentPk);
                ps.setLong(2, documentPk);
                List<Ledger.ResendEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ledger.ResendEntry(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getLong(7),
                                rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9)));
                    }
                }
                return out;
            }
        });
    }
}
