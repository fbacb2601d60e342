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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Delivery attempts: each one a row, begun before a byte leaves and finished with its outcome. */
final class AttemptStore {
    private final LedgerDatabase db;

    AttemptStore(LedgerDatabase db) {
        this.db = db;
    }

    /** Records the start of an attempt: the document goes to SENDING before a byte leaves. */
    public long beginAttempt(long documentPk, long runId, String channel) {
        return beginAttempt(documentPk, runId, channel, null);
    }

    /**
     * As above, recording first, in the same transaction, the success of the attempt before it: one
     * commit between two uploads instead of two. The states a stopped process can leave are the same.
     */
    public long beginAttempt(long documentPk, long runId, String channel, Ledger.Success previous) {
        return db.tx(c -> {
            if (previous != null) {
                recordSuccess(c, previous);
            }
            int attemptNo;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE document_state SET status = 'SENDING', attempts = attempts + 1, updated_at = ?"
                    + " WHERE document_pk = ?")) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setLong(2, documentPk);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM document_state WHERE document_pk = ?")) {
                ps.setLong(1, documentPk);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    attemptNo = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO delivery_attempt (document_pk, run_id, attempt_no,"
                    + " channel, started_at, outcome) VALUES (?, ?, ?, ?, ?, 'IN_FLIGHT')", Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, documentPk);
                ps.setLong(2, runId);
                ps.setInt(3, attemptNo);
                ps.setString(4, channel);
                ps.setTimestamp(5, ts(Instant.now()));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    public void attemptSucceeded(long attemptId, long documentPk, String remoteName, String note) {
        attemptSucceeded(attemptId, documentPk, remoteName, note, null);
    }

    public void attemptSucceeded(long attemptId, long documentPk, String remoteName, String note, String response) {
        attemptSucceeded(new Ledger.Success(attemptId, documentPk, remoteName, note, response));
    }

    public void attemptSucceeded(Ledger.Success s) {
        db.tx(c -> recordSuccess(c, s));
    }

    private static int recordSuccess(Connection c, Ledger.Success s) throws SQLException {
        Instant now = Instant.now();
        finishAttempt(c, s.attemptId(), "SENT", s.note(), s.response(), now);
        // an e-invoice the access point queued is not yet sent: sent_at waits for the AS4 receipt
        boolean queued = s.status() == DocumentStatus.QUEUED;
        try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = ?, sent_at = ?,"
                + " remote_name = ?, last_error = NULL, last_response = ?, updated_at = ?, ack_due_at = ?, retry_at = NULL"
                + " WHERE document_pk = ?")) {
            ps.setString(1, s.status().name());
            ps.setTimestamp(2, queued ? null : ts(now));
            ps.setString(3, s.remoteName());
            ps.setString(4, s.response());
            ps.setTimestamp(5, ts(now));
            ps.setTimestamp(6, s.ackWithin() == null ? null : ts(now.plus(s.ackWithin())));
            ps.setLong(7, s.documentPk());
            return ps.executeUpdate();
        }
    }

    /**
     * Records a failed attempt. With {@code finalFailure} the document is FAILED; otherwise it goes back
     * to READY for the next attempt, so that a crash during the back-off leaves it deliverable.
     */
    public void attemptFailed(long attemptId, long documentPk, String error, boolean finalFailure) {
        attemptFailed(attemptId, documentPk, error, finalFailure, null);
    }

    /** As above, keeping the client's answer (a problem+json body, say) with the attempt and the document. */
    public void attemptFailed(long attemptId, long documentPk, String error, boolean finalFailure, String response) {
        db.tx(c -> {
            Instant now = Instant.now();
            finishAttempt(c, attemptId, "FAILED", error, response, now);
            if (response != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET last_response = ? WHERE document_pk = ?")) {
                    ps.setString(1, response);
                    ps.setLong(2, documentPk);
                    ps.executeUpdate();
                }
            }
            return DocumentStore.setStatus(c, documentPk,
                    finalFailure ? DocumentStatus.FAILED : DocumentStatus.READY, error, now);
        });
    }

    /**
     * An attempt that found the document's file still at the client under the name of our own earlier
     * delivery (a resend as sent while the client had not taken the file yet): nothing was overwritten,
     * the document is SENT as it was, from its first delivery.
     */
    public void attemptFoundDelivered(long attemptId, long documentPk, String note) {
        db.tx(c -> {
            Instant now = Instant.now();
            finishAttempt(c, attemptId, "ALREADY_THERE", note, null, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'SENT', last_error = NULL,"
                    + " retry_at = NULL, updated_at = ? WHERE document_pk = ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setLong(2, documentPk);
                return ps.executeUpdate();
            }
        });
    }

    /** The client's last answer to a document, if it gave one. */
    public Optional<String> lastResponse(long documentPk) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_response FROM document_state WHERE document_pk = ?")) {
                ps.setLong(1, documentPk);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** Closes the attempt a stopped process left open, so that the attempts tell what happened. */
    public void closeInterruptedAttempts(long documentPk) {
        db.tx(c -> closeInterrupted(c, documentPk, Instant.now()));
    }

    static int closeInterrupted(Connection c, long documentPk, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_attempt SET outcome = 'INTERRUPTED',"
                + " finished_at = ?, error = ? WHERE document_pk = ? AND outcome = 'IN_FLIGHT'")) {
            ps.setTimestamp(1, ts(now));
            ps.setString(2, "the process stopped during this attempt");
            ps.setLong(3, documentPk);
            return ps.executeUpdate();
        }
    }

    private static void finishAttempt(Connection c, long attemptId, String outcome, String error, String response,
                                      Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE delivery_attempt SET finished_at = ?, outcome = ?, error = ?, response = ? WHERE id = ?")) {
            ps.setTimestamp(1, ts(now));
            ps.setString(2, outcome);
            ps.setString(3, truncate(error));
            ps.setString(4, response);
            ps.setLong(5, attemptId);
            ps.executeUpdate();
        }
    }

    public List<Attempt> attempts(long documentPk) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM delivery_attempt WHERE document_pk = ? ORDER BY id")) {
                ps.setLong(1, documentPk);
                List<Attempt> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Attempt(rs.getLong("id"), rs.getLong("document_pk"), rs.getInt("attempt_no"),
                                rs.getString("channel"), instant(rs.getTimestamp("started_at")),
                                instant(rs.getTimestamp("finished_at")), rs.getString("outcome"),
                                rs.getString("error")));
                    }
                }
                return out;
            }
        });
    }
}
