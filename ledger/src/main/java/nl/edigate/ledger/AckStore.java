package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.instant;
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
                try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = ?, ack_at = ?, ack_reasons = ?,"
                        + " updated_at = ? WHERE id = ? AND status IN ('SENT', 'RECEIVED', 'UNCERTAIN')")) {
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
                ps.setString(1, fileName);
                ps.setTimestamp(2, ts(now));
                ps.setString(3, stored);
                ps.setString(4, documentRef);
                if (documentPk == null) {
                    ps.setNull(5, Types.BIGINT);
                } else {
                    ps.setLong(5, documentPk);
                }
                ps.setString(6, responseCode);
                ps.setString(7, reasons);
                ps.setString(8, keptAt);
                ps.executeUpdate();
            }
            return applied;
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
