package nl.edigate.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.Flyway;

import nl.edigate.intake.Rejection;

/**
 * The delivery ledger: every document is stored here before it is sent, and every state change and
 * every attempt is a row. Plain JDBC over H2 (file) or PostgreSQL; the schema comes from Flyway.
 * Each method is its own transaction, so a crash at any point leaves the rows telling the truth.
 */
public final class Ledger implements AutoCloseable {
    private final String url;
    private final String user;
    private final String password;
    /** Keeps an embedded H2 database open between calls. */
    private final Connection keeper;

    public Ledger(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        prepareH2Directory(url);
        try {
            this.keeper = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new LedgerException("cannot open the ledger at " + safeUrl(url) + ": " + e.getMessage(), e);
        }
        Flyway.configure().dataSource(url, user, password).load().migrate();
    }

    /** An embedded H2 file is created in a folder only its owner can read. */
    private static void prepareH2Directory(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return;
        }
        String path = url.substring(prefix.length());
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        Path dir = Path.of(path).toAbsolutePath().getParent();
        try {
            if (!Files.exists(dir)) {
                Files.createDirectories(dir);
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system; the folder keeps its default rights
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot create the ledger folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL without anything after a ';' (where passwords could hide). */
    static String safeUrl(String url) {
        int i = url.indexOf(';');
        return i < 0 ? url : url.substring(0, i);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T tx(Work<T> work) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("ledger: " + e.getMessage(), e);
        }
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    // ---- runs

    public long startRun(String kind) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO gateway_run (kind, started_at) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, kind);
                ps.setTimestamp(2, ts(Instant.now()));
                ps.executeUpdate();
                return generatedKey(ps);
            }
        });
    }

    public void finishRun(long runId, int exitCode, String report) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE gateway_run SET finished_at = ?, exit_code = ?, report = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setInt(2, exitCode);
                ps.setString(3, report);
                ps.setLong(4, runId);
                return ps.executeUpdate();
            }
        });
    }

    /** When the last finished run started, if any. */
    public Optional<Instant> lastFinishedRunStart() {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT MAX(started_at) FROM gateway_run WHERE finished_at IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs.getTimestamp(1))) : Optional.empty();
            }
        });
    }

    // ---- documents

    /** The newest document for a business key that has not been superseded. */
    public Optional<LedgerDocument> latestForKey(String clientId, String docType, String businessKey) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM document WHERE client_id = ? AND doc_type = ?"
                    + " AND business_key = ? AND status <> 'SUPERSEDED' ORDER BY id DESC")) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                ps.setString(3, businessKey);
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
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
        return tx(c -> {
            Instant now = Instant.now();
            long pk;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO document (client_id, doc_type, business_key,"
                    + " content_hash, document_id, payload, status, attempts, created_at, updated_at, source_file,"
                    + " source_line, run_id) VALUES (?, ?, ?, ?, ?, ?, 'READY', 0, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                ps.setString(3, businessKey);
                ps.setString(4, contentHash);
                ps.setString(5, documentId);
                ps.setString(6, payload);
                ps.setTimestamp(7, ts(now));
                ps.setTimestamp(8, ts(now));
                ps.setString(9, sourceFile);
                ps.setLong(10, sourceLine);
                ps.setLong(11, runId);
                ps.executeUpdate();
                pk = generatedKey(ps);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'SUPERSEDED', superseded_by = ?,"
                    + " updated_at = ?, last_error = ? WHERE client_id = ? AND doc_type = ? AND business_key = ?"
                    + " AND id <> ? AND status IN ('READY', 'FAILED')")) {
                ps.setLong(1, pk);
                ps.setTimestamp(2, ts(now));
                ps.setString(3, "superseded before delivery by document " + documentId + " with newer content");
                ps.setString(4, clientId);
                ps.setString(5, docType);
                ps.setString(6, businessKey);
                ps.setLong(7, pk);
                ps.executeUpdate();
            }
            return pk;
        });
    }

    /** Documents waiting for delivery (READY), and those a crash left in SENDING, oldest first. */
    public List<LedgerDocument> deliverable(String clientId, String docType) {
        return query("SELECT * FROM document WHERE client_id = ? AND doc_type = ? AND status IN ('READY', 'SENDING')"
                + " ORDER BY id", clientId, docType);
    }

    public List<LedgerDocument> documents(String clientId, String docType) {
        return query("SELECT * FROM document WHERE client_id = ? AND doc_type = ? ORDER BY id", clientId, docType);
    }

    public Optional<LedgerDocument> document(long pk) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM document WHERE id = ?")) {
                ps.setLong(1, pk);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
                }
            }
        });
    }

    private List<LedgerDocument> query(String sql, String clientId, String docType) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, clientId);
                ps.setString(2, docType);
                List<LedgerDocument> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(document(rs));
                    }
                }
                return out;
            }
        });
    }

    /** Records the start of an attempt: the document goes to SENDING before a byte leaves. */
    public long beginAttempt(long documentPk, long runId, String channel) {
        return tx(c -> {
            int attemptNo;
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE document SET status = 'SENDING', attempts = attempts + 1, updated_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(Instant.now()));
                ps.setLong(2, documentPk);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM document WHERE id = ?")) {
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
        tx(c -> {
            Instant now = Instant.now();
            finishAttempt(c, attemptId, "SENT", note, response, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'SENT', sent_at = ?,"
                    + " remote_name = ?, last_error = NULL, last_response = ?, updated_at = ? WHERE id = ?")) {
                ps.setTimestamp(1, ts(now));
                ps.setString(2, remoteName);
                ps.setString(3, response);
                ps.setTimestamp(4, ts(now));
                ps.setLong(5, documentPk);
                return ps.executeUpdate();
            }
        });
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
        tx(c -> {
            Instant now = Instant.now();
            finishAttempt(c, attemptId, "FAILED", error, response, now);
            if (response != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE document SET last_response = ? WHERE id = ?")) {
                    ps.setString(1, response);
                    ps.setLong(2, documentPk);
                    ps.executeUpdate();
                }
            }
            return setStatus(c, documentPk, finalFailure ? DocumentStatus.FAILED : DocumentStatus.READY, error, now);
        });
    }

    /** The client's last answer to a document, if it gave one. */
    public Optional<String> lastResponse(long documentPk) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT last_response FROM document WHERE id = ?")) {
                ps.setLong(1, documentPk);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    /** A document given up without an attempt (delivery to its client was stopped); the reason says why. */
    public void markFailed(long documentPk, String reason) {
        tx(c -> setStatus(c, documentPk, DocumentStatus.FAILED, reason, Instant.now()));
    }

    private static int setStatus(Connection c, long pk, DocumentStatus status, String error, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE document SET status = ?, last_error = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, truncate(error));
            ps.setTimestamp(3, ts(now));
            ps.setLong(4, pk);
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
        return tx(c -> {
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

    // ---- what intake did not take

    public void recordRejection(long runId, Rejection r) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rejection (run_id, doc_type, source_file,"
                    + " source_line, field, reason, business_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, runId);
                ps.setString(2, r.docType());
                ps.setString(3, r.file());
                ps.setLong(4, r.line());
                ps.setString(5, r.field());
                ps.setString(6, truncate(r.reason()));
                ps.setString(7, r.businessKey());
                ps.setTimestamp(8, ts(Instant.now()));
                return ps.executeUpdate();
            }
        });
    }

    public List<Rejection> rejections(long runId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM rejection WHERE run_id = ? ORDER BY id")) {
                ps.setLong(1, runId);
                List<Rejection> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Rejection(rs.getString("doc_type"), rs.getString("source_file"),
                                rs.getLong("source_line"), rs.getString("field"), rs.getString("reason"),
                                rs.getString("business_key")));
                    }
                }
                return out;
            }
        });
    }

    public void recordFile(long runId, String fileName, long size, String outcome, String reason, String storedAt) {
        tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO inbox_file (run_id, file_name, size_bytes,"
                    + " outcome, reason, stored_at, processed_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, runId);
                ps.setString(2, fileName);
                ps.setLong(3, size);
                ps.setString(4, outcome);
                ps.setString(5, truncate(reason));
                ps.setString(6, storedAt);
                ps.setTimestamp(7, ts(Instant.now()));
                return ps.executeUpdate();
            }
        });
    }

    private static LedgerDocument document(ResultSet rs) throws SQLException {
        Number runId = (Number) rs.getObject("run_id");
        return new LedgerDocument(rs.getLong("id"), rs.getString("client_id"), rs.getString("doc_type"),
                rs.getString("business_key"), rs.getString("content_hash"), rs.getString("document_id"),
                rs.getString("payload"), DocumentStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("sent_at")),
                rs.getString("last_error"), rs.getString("remote_name"), rs.getString("source_file"),
                rs.getLong("source_line"), runId == null ? null : runId.longValue());
    }

    private static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3997) + "...";
    }

    @Override
    public void close() {
        try {
            keeper.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
        }
    }
}
