package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.generatedKey;
import static nl.edigate.ledger.LedgerDatabase.instant;
import static nl.edigate.ledger.LedgerDatabase.readDocuments;
import static nl.edigate.ledger.LedgerDatabase.truncate;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What running as a service keeps in the ledger: the delivery lease (one owner at a time, for a limited
 * time, renewed while it lives), what waits for an automatic retry, the resends handed over to that
 * owner, and the alerts raised.
 */
final class ServiceStore {
    /** A failure worth another try by itself: a transient error, or not attempted after one. */
    static final String RETRYABLE = "(last_error LIKE 'TRANSIENT:%' OR last_error LIKE 'RATE_LIMITED:%' OR last_error"
            + " LIKE 'not attempted: TRANSIENT:%' OR last_error LIKE 'not attempted: RATE_LIMITED:%')";
    private final LedgerDatabase db;

    ServiceStore(LedgerDatabase db) {
        this.db = db;
    }

    /** Takes the lease when it is free, expired or already ours; one UPDATE, so two takers cannot both win. */
    boolean acquireLease(String owner, Duration ttl, Instant now) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_lease SET owner = ?, acquired_at ="
                    + " CASE WHEN owner = ? THEN acquired_at ELSE ? END, expires_at = ? WHERE name = 'delivery'"
                    + " AND (owner IS NULL OR owner = ? OR expires_at < ?)")) {
                ps.setString(1, owner);
                ps.setString(2, owner);
                ps.setTimestamp(3, ts(now));
                ps.setTimestamp(4, ts(now.plus(ttl)));
                ps.setString(5, owner);
                ps.setTimestamp(6, ts(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    void releaseLease(String owner) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_lease SET owner = NULL, acquired_at = NULL,"
                    + " expires_at = NULL WHERE name = 'delivery' AND owner = ?")) {
                ps.setString(1, owner);
                return ps.executeUpdate();
            }
        });
    }

    /** The lease as it stands when someone holds it and it has not expired. */
    Optional<Ledger.Lease> leaseHolder(Instant now) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, acquired_at, expires_at FROM delivery_lease"
                    + " WHERE name = 'delivery' AND owner IS NOT NULL AND expires_at >= ?")) {
                ps.setTimestamp(1, ts(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Ledger.Lease(rs.getString(1), instant(rs.getTimestamp(2)),
                            instant(rs.getTimestamp(3)))) : Optional.empty();
                }
            }
        });
    }

    /**
     * The client's documents that are not delivered: READY or SENDING, and FAILED for a reason worth
     * another try by itself (a transient error, or not attempted after one), oldest first, without payload.
     */
    List<LedgerDocument> undelivered(String clientId) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(DocumentStore.HEADER_SELECT + " WHERE client_id = ? AND (status IN"
                    + " ('READY', 'SENDING') OR (status = 'FAILED' AND " + RETRYABLE + ")) ORDER BY id")) {
                ps.setString(1, clientId);
                return readDocuments(ps);
            }
        });
    }

    /** The client's FAILED documents no automatic retry takes (a permanent error), oldest first: how many, and some. */
    Ledger.Failures permanentFailures(String clientId, int shown) {
        return db.tx(c -> {
            String where = " WHERE client_id = ? AND status = 'FAILED' AND (last_error IS NULL OR NOT " + RETRYABLE + ")";
            long n;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + DocumentStore.DOCUMENTS + where)) {
                ps.setString(1, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(DocumentStore.HEADER_SELECT + where + " ORDER BY id")) {
                ps.setString(1, clientId);
                ps.setMaxRows(shown);
                return new Ledger.Failures(n, readDocuments(ps));
            }
        });
    }

    /** Puts FAILED documents back in the queue for an automatic retry (the attempts that follow are rows). */
    int requeueFailed(List<Long> pks) {
        return db.tx(c -> {
            int n = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET status = 'READY', updated_at = ?"
                    + " WHERE document_pk = ? AND status = 'FAILED'")) {
                for (long pk : pks) {
                    ps.setTimestamp(1, ts(Instant.now()));
                    ps.setLong(2, pk);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    /**
     * Plans the automatic retry of the client's documents {@code pks} at {@code at}, and no retry for its
     * other documents (delivered, failed for good, past the deadline); with no documents, none for the client.
     */
    void planRetries(String clientId, List<Long> pks, Instant at) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET retry_at = NULL WHERE retry_at IS NOT"
                    + " NULL AND document_pk IN (SELECT id FROM document WHERE client_id = ?)")) {
                ps.setString(1, clientId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET retry_at = ? WHERE document_pk = ?"
                    + " AND status IN ('FAILED', 'READY')")) {
                for (long pk : pks) {
                    ps.setTimestamp(1, ts(at));
                    ps.setLong(2, pk);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** No automatic retry planned any more, for any document (`serve` stops: nobody would carry it out). */
    void clearRetries() {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE document_state SET retry_at = NULL WHERE retry_at IS NOT NULL")) {
                return ps.executeUpdate();
            }
        });
    }

    long requestResend(String osUser, String reason, String mode, boolean forced, String selection, List<Long> pks) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO resend_request (requested_at, os_user, reason,"
                    + " mode, forced, selection, document_pks, state, progress) VALUES (?, ?, ?, ?, ?, ?, ?, 'WAITING',"
                    + " 'waiting for serve to take it')", Statement.RETURN_GENERATED_KEYS)) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setString(2, osUser);
                ps.setString(3, truncate(reason, 1000));
                ps.setString(4, mode);
                ps.setBoolean(5, forced);
                ps.setString(6, truncate(selection, 1000));
                ps.setString(7, pks.stream().map(String::valueOf).collect(Collectors.joining(",")));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    /** The oldest waiting request, now RUNNING and ours; empty when none waits (or another took it first). */
    Optional<Ledger.ResendRequest> takeResendRequest(String owner) {
        return db.tx(c -> {
            Long id = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(id) FROM resend_request WHERE state = 'WAITING'");
                 ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    id = rs.getLong(1);
                }
            }
            if (id == null) {
                return Optional.empty();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE resend_request SET state = 'RUNNING', taken_by = ?,"
                    + " progress = 'taken by serve' WHERE id = ? AND state = 'WAITING'")) {
                ps.setString(1, owner);
                ps.setLong(2, id);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return resendRequest(c, id);
        });
    }

    void resendProgress(long id, String progress) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE resend_request SET progress = ? WHERE id = ?")) {
                ps.setString(1, truncate(progress, 1000));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    void finishResendRequest(long id, String state, String result, int exitCode) {
        db.tx(c -> {
            // only a running request ends: never one that has ended already (by serve, or as given up)
            try (PreparedStatement ps = c.prepareStatement("UPDATE resend_request SET state = ?, result = ?,"
                    + " exit_code = ?, finished_at = ? WHERE id = ? AND state = 'RUNNING'")) {
                ps.setString(1, state);
                ps.setString(2, result);
                ps.setInt(3, exitCode);
                ps.setTimestamp(4, ts(Instant.now()));
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
    }

    /** Withdraws a request nobody has taken yet; false when it was taken meanwhile. */
    boolean cancelResendRequest(long id) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE resend_request SET state = 'CANCELLED',"
                    + " finished_at = ? WHERE id = ? AND state = 'WAITING'")) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setLong(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    Optional<Ledger.ResendRequest> resendRequest(long id) {
        return db.tx(c -> resendRequest(c, id));
    }

    private static Optional<Ledger.ResendRequest> resendRequest(java.sql.Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM resend_request WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String pks = rs.getString("document_pks");
                Object exit = rs.getObject("exit_code");
                return Optional.of(new Ledger.ResendRequest(rs.getLong("id"), instant(rs.getTimestamp("requested_at")),
                        rs.getString("os_user"), rs.getString("reason"), rs.getString("mode"), rs.getBoolean("forced"),
                        rs.getString("selection"), pks.isEmpty() ? List.of()
                                : Arrays.stream(pks.split(",")).map(Long::valueOf).toList(),
                        rs.getString("state"), rs.getString("progress"), rs.getString("result"),
                        exit == null ? null : ((Number) exit).intValue()));
            }
        }
    }

    List<Ledger.Alert> openAlerts() {
        return alerts("SELECT * FROM alert WHERE resolved_at IS NULL OR (resolved_sent_at IS NULL"
                + " AND fired_sent_at IS NOT NULL) ORDER BY id");
    }

    List<Ledger.Alert> alerts(int limit) {
        return alerts("SELECT * FROM alert ORDER BY id DESC LIMIT " + limit);
    }

    private List<Ledger.Alert> alerts(String sql) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                List<Ledger.Alert> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Ledger.Alert(rs.getLong("id"), rs.getString("alert_key"), rs.getString("client_id"),
                            rs.getString("kind"), rs.getString("summary"), instant(rs.getTimestamp("opened_at")),
                            instant(rs.getTimestamp("resolved_at")), instant(rs.getTimestamp("fired_sent_at")),
                            instant(rs.getTimestamp("resolved_sent_at")), rs.getString("resolution")));
                }
                return out;
            }
        });
    }

    long openAlert(String key, String clientId, String kind, String summary, Instant now) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO alert (alert_key, client_id, kind, summary,"
                    + " opened_at) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setString(2, clientId);
                ps.setString(3, kind);
                ps.setString(4, truncate(summary));
                ps.setTimestamp(5, ts(now));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    /** Sets one of the alert's times (resolved_at, fired_sent_at, resolved_sent_at). */
    void alertTime(long id, String column, Instant at) {
        if (!List.of("resolved_at", "fired_sent_at", "resolved_sent_at").contains(column)) {
            throw new IllegalArgumentException(column);
        }
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET " + column + " = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(at));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }

    /** The alert ended, and what ended it ("delivered at ..."), sent with its "resolved" message. */
    void alertResolved(long id, Instant at, String resolution) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET resolved_at = ?, resolution = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(at));
                ps.setString(2, truncate(resolution));
                ps.setLong(3, id);
                return ps.executeUpdate();
            }
        });
    }

    void alertSummary(long id, String summary) {
        db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE alert SET summary = ? WHERE id = ?")) {
                ps.setString(1, truncate(summary));
                ps.setLong(2, id);
                return ps.executeUpdate();
            }
        });
    }
}
