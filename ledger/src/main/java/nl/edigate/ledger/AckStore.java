package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.instant;
import static nl.edigate.ledger.LedgerDatabase.truncate;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The client's acknowledgements: every file a row, applied to a document only while it waits for one. */
final class AckStore {
    private final LedgerDatabase db;

    AckStore(LedgerDatabase db) {
        this.db = db;
    }

    /**
     * Records an acknowledgement file and, with a document and a new status, applies it to a document
     * that waits for one. Returns whether the document's status changed.
     */
    public boolean recordAck(String fileName, String outcome, String documentRef, Long documentPk, String responseCode,
                             String reasons, String keptAt, DocumentStatus newStatus) {
        return db.tx(c -> {
            Instant now = Instant.now();
            boolean applied = false;
            String stored = outcome;
            if (documentPk != null && newStatus != null) {
                // the answer that settles a document ends its wait: no due time any more (the overdue index)
                boolean settles = !DocumentStatus.AWAITING_ACKNOWLEDGEMENT.contains(newStatus);
                try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = ?, ack_at = ?,"
                        + " ack_reasons = ?, updated_at = ?" + (settles ? ", ack_due_at = NULL" : "")
                        + " WHERE document_pk = ? AND status IN ('SENT', 'RECEIVED', 'UNCERTAIN')")) {
                    ps.setString(1, newStatus.name());
                    ps.setTimestamp(2, ts(now));
                    ps.setString(3, reasons);
                    ps.setTimestamp(4, ts(now));
                    ps.setLong(5, documentPk);
                    applied = ps.executeUpdate() == 1;
                }
                if (!applied) {
                    stored = "NOT_APPLIED";
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acknowledgement (file_name, received_at, outcome,"
                    + " document_ref, document_pk, response_code, reasons, kept_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                // the readers fit what a partner sends; cut here too, so that no value can stop collection
                ps.setString(1, truncate(fileName, 255));
                ps.setTimestamp(2, ts(now));
                ps.setString(3, stored);
                ps.setString(4, truncate(documentRef, 255));
                if (documentPk == null) {
                    ps.setNull(5, Types.BIGINT);
                } else {
                    ps.setLong(5, documentPk);
                }
                ps.setString(6, truncate(responseCode, 8));
                ps.setString(7, reasons);
                ps.setString(8, truncate(keptAt, 1024));
                ps.executeUpdate();
            }
            return applied;
        });
    }

    /**
     * Records one step of an e-invoice's life after the access point took it (a transmission status, an
     * Invoice Response) under {@code source}, and applies it to the document when the document is in one
     * of the {@code from} states. {@code sentAt} (the AS4 receipt's time) is set when given; the next
     * deadline replaces the last ({@code dueAt}, null for none). Returns whether the document changed.
     */
    public boolean recordLifecycle(Ledger.LifecycleStep step) {
        return db.tx(c -> {
            Instant now = Instant.now();
            boolean applied = false;
            if (step.documentPk() != null) {
                StringBuilder in = new StringBuilder();
                for (int i = 0; i < step.from().size(); i++) {
                    in.append(i == 0 ? "?" : ", ?");
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = ?, ack_at = ?,"
                        + " ack_reasons = ?, updated_at = ?, ack_due_at = ?, sent_at = COALESCE(?, sent_at), last_error = ?"
                        + " WHERE document_pk = ? AND status IN (" + in + ")")) {
                    int i = 1;
                    ps.setString(i++, step.newStatus().name());
                    ps.setTimestamp(i++, ts(now));
                    ps.setString(i++, step.reasons());
                    ps.setTimestamp(i++, ts(now));
                    ps.setTimestamp(i++, step.dueAt() == null ? null : ts(step.dueAt()));
                    ps.setTimestamp(i++, step.sentAt() == null ? null : ts(step.sentAt()));
                    ps.setString(i++, step.newStatus() == DocumentStatus.FAILED ? LedgerDatabase.truncate(step.reasons()) : null);
                    ps.setLong(i++, step.documentPk());
                    for (DocumentStatus from : step.from()) {
                        ps.setString(i++, from.name());
                    }
                    applied = ps.executeUpdate() == 1;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO acknowledgement (file_name, received_at, outcome,"
                    + " document_ref, document_pk, response_code, reasons, kept_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, truncate(step.source(), 255));
                ps.setTimestamp(2, ts(now));
                ps.setString(3, step.documentPk() == null ? "UNMATCHED" : applied ? step.newStatus().name() : "NOT_APPLIED");
                ps.setString(4, truncate(step.documentRef(), 255));
                if (step.documentPk() == null) {
                    ps.setNull(5, Types.BIGINT);
                } else {
                    ps.setLong(5, step.documentPk());
                }
                ps.setString(6, truncate(step.code(), 8));
                ps.setString(7, step.reasons());
                ps.setString(8, truncate(step.keptAt(), 1024));
                ps.executeUpdate();
            }
            return applied;
        });
    }

    /** Whether something was recorded under this source already (an inbound document whose delete failed). */
    public boolean recorded(String source) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM acknowledgement WHERE file_name = ?")) {
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    public List<Ledger.Ack> acks(Long documentPk) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(documentPk == null
                    ? "SELECT * FROM acknowledgement ORDER BY id" : "SELECT * FROM acknowledgement WHERE document_pk = ? ORDER BY id")) {
                if (documentPk != null) {
                    ps.setLong(1, documentPk);
                }
                List<Ledger.Ack> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ledger.Ack(rs.getLong("id"), rs.getString("file_name"), instant(rs.getTimestamp("received_at")),
                                rs.getString("outcome"), rs.getString("document_ref"),
                                rs.getObject("document_pk") == null ? null : rs.getLong("document_pk"),
                                rs.getString("response_code"), rs.getString("reasons"), rs.getString("kept_at")));
                    }
                }
                return out;
            }
        });
    }
}
