package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Interchange control references per client: each one raised and committed before the interchange
 * leaves, so that no number is ever used twice (a crash, a retry of the run or a resend takes the next
 * one), with the documents each interchange carries as its messages 1..n.
 */
final class InterchangeStore {
    /** The reference is numeric, at most 14 digits (the contract's UNB 0020). */
    static final long MAX_REFERENCE = 99_999_999_999_999L;

    private final LedgerDatabase db;

    InterchangeStore(LedgerDatabase db) {
        this.db = db;
    }

    /** The next reference for this client, with the documents as its messages in this order. */
    long newInterchange(String clientId, List<Long> documentPks) {
        return db.tx(c -> {
            int raised;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE interchange_counter SET last_reference = last_reference + 1 WHERE client_id = ?")) {
                ps.setString(1, clientId);
                raised = ps.executeUpdate();
            }
            if (raised == 0) {
                // the first interchange to this client; a second process doing the same at the same moment
                // fails on the primary key, its run's transaction rolls back and its delivery is retried
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO interchange_counter (client_id, last_reference) VALUES (?, 1)")) {
                    ps.setString(1, clientId);
                    ps.executeUpdate();
                }
            }
            long reference;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT last_reference FROM interchange_counter WHERE client_id = ?")) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    reference = rs.getLong(1);
                }
            }
            if (reference > MAX_REFERENCE) {
                throw new SQLException("the interchange control references of client " + clientId
                        + " are used up (14 digits)");
            }
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO interchange_message (client_id, reference,"
                    + " message_ref, document_pk, created_at) VALUES (?, ?, ?, ?, ?)")) {
                int message = 0;
                for (long pk : documentPks) {
                    ps.setString(1, clientId);
                    ps.setLong(2, reference);
                    ps.setInt(3, ++message);
                    ps.setLong(4, pk);
                    ps.setTimestamp(5, ts(now));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return reference;
        });
    }

    /** The documents an interchange of this client carried, by message reference; empty when unknown. */
    List<Ledger.InterchangeMessage> messages(String clientId, long reference) {
        return db.tx(c -> {
            List<Ledger.InterchangeMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT message_ref, document_pk FROM interchange_message"
                    + " WHERE client_id = ? AND reference = ? ORDER BY message_ref")) {
                ps.setString(1, clientId);
                ps.setLong(2, reference);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ledger.InterchangeMessage(reference, rs.getInt(1), rs.getLong(2)));
                    }
                }
            }
            return out;
        });
    }

    /** Every interchange a document travelled in, oldest first. */
    List<Ledger.InterchangeMessage> ofDocument(long documentPk) {
        return db.tx(c -> {
            List<Ledger.InterchangeMessage> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT reference, message_ref FROM interchange_message"
                    + " WHERE document_pk = ? ORDER BY reference")) {
                ps.setLong(1, documentPk);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ledger.InterchangeMessage(rs.getLong(1), rs.getInt(2), documentPk));
                    }
                }
            }
            return out;
        });
    }
}
