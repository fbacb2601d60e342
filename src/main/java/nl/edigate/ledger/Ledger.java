package nl.edigate.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.files.OwnerOnly;
import nl.edigate.model.Rejection;

/**
 * The delivery ledger: every document is stored here before it is sent, and every state change and
 * every attempt is a row. Plain JDBC over H2 (file) or PostgreSQL; the schema comes from Flyway.
 * Each method is its own transaction, so a crash at any point leaves the rows telling the truth.
 */
public final class Ledger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private final String url;
    private final String user;
    private final String password;
    /** Keeps an embedded H2 database open between calls. */
    private final Connection keeper;

    public Ledger(String url, String user, String password) {
        url = durable(url);
        this.url = url;
        this.user = user;
        this.password = password;
        prepareH2Directory(url);
        try {
            this.keeper = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                throw new LedgerInUseException("the ledger " + safeUrl(url) + " is in use by another edigate process"
                        + " (a run, a resend or serve); try again when it has finished, or use serve's console", e);
            }
            throw new LedgerException("cannot open the ledger at " + safeUrl(url) + ": " + e.getMessage(), e);
        }
        restrictH2Files(url);
        lockOnPostgres(url);
        Flyway.configure().dataSource(url, user, password).load().migrate();
    }

    /**
     * H2 flushes commits up to 500 ms late by default: a process killed in that window loses rows that
     * were committed, and a SENT document would go out again (found by CrashTest). WRITE_DELAY=0 writes
     * every commit before it returns.
     */
    static String durable(String url) {
        if (url.startsWith("jdbc:h2:file:") && !url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
            return url + ";WRITE_DELAY=0";
        }
        return url;
    }

    /**
     * One gateway process per ledger: H2's file lock gives that for an embedded file; on PostgreSQL a
     * session-level advisory lock on the keeper connection does, released when the process ends.
     */
    private void lockOnPostgres(String url) {
        if (!url.startsWith("jdbc:postgresql:")) {
            return;
        }
        try (PreparedStatement ps = keeper.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, 0x65646967617465L); // "edigate"
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    keeper.close();
                    throw new LedgerInUseException("the ledger " + safeUrl(url) + " is in use by another edigate"
                            + " process (a run, a resend or serve); try again when it has finished", null);
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot lock the ledger: " + e.getMessage(), e);
        }
    }

    /** An embedded H2 file is created in a folder only its owner can read. */
    private static void prepareH2Directory(String url) {
        Path file = h2File(url);
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        try {
            if (!Files.exists(dir)) {
                OwnerOnly.directories(dir);
            }
        } catch (IOException e) {
            throw new LedgerException("cannot create the ledger folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** H2 creates its files with the umask's rights (644): made owner-only once they exist. */
    private static void restrictH2Files(String url) {
        Path file = h2File(url);
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        String base = file.getFileName().toString();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (p.getFileName().toString().startsWith(base + ".")) {
                    OwnerOnly.restrictFile(p);
                }
            }
        } catch (IOException e) {
            throw new LedgerException("cannot restrict the ledger files in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path h2File(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        String path = url.substring(prefix.length());
        int semicolon = path.indexOf(';');
        if (semicolon >= 0) {
            path = path.substring(0, semicolon);
        }
        return Path.of(path);
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

    /**
     * Connections kept between transactions (a new one per transaction cost a third of the ledger's CPU:
     * opening, closing, and parsing every statement again). One that saw an error is closed, not kept.
     */
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private static final int MAX_IDLE = 8;
    private volatile boolean closed;

    private <T> T tx(Work<T> work) {
        Connection c = idle.pollFirst();
        try {
            if (c == null) {
                c = connect();
                c.setAutoCommit(false);
            }
            T result;
            try {
                result = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } finally {
                    close(c);
                }
                throw e;
            }
            if (closed || idle.size() >= MAX_IDLE) {
                close(c);
            } else {
                idle.addFirst(c);
            }
            return result;
        } catch (SQLException e) {
            close(c);
            LOG.debug("ledger statement failed", e);
            throw new LedgerException("ledger: " + withoutSql(e.getMessage()), e);
        }
    }

    /**
     * The database's reason without the statement it quotes: users see what went wrong, never SQL
     * (H2 appends "; SQL statement: ...", PostgreSQL a "Position:" into the statement).
     */
    static String withoutSql(String message) {
        if (message == null) {
            return "the database refused the statement";
        }
        String m = message.lines().findFirst().orElse("");
        for (String cut : new String[] {"; SQL statement", " SQL statement:", "Position:"}) {
            int i = m.indexOf(cut);
            if (i >= 0) {
                m = m.substring(0, i);
            }
        }
        m = m.replaceAll("\"(SELECT|INSERT|UPDATE|DELETE|WITH) [^\"]*\"?", "(statement)").strip();
        return m.isEmpty() ? "the database refused the statement" : m;
    }

    private static void close(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            // already unusable; nothing to keep
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

    /**
     * When the last finished whole run (intake and delivery: run, scheduled, catch-up, demo) started, if
     * any. A resend or an acknowledgement pass does not count: it does not replace the nightly run.
     */
    public Optional<Instant> lastFinishedRunStart() {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(started_at) FROM gateway_run WHERE finished_at"
                    + " IS NOT NULL AND kind IN ('run', 'scheduled', 'catch-up', 'demo')");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs.getTimestamp(1))) : Optional.empty();
            }
        });
    }

    // ---- documents

    /** A document with its payload and source record (kept apart in document_content: see V4). */
    private static final String WITH_CONTENT = "SELECT d.*, x.payload, x.source_record FROM document d"
            + " JOIN document_content x ON x.document_pk = d.id";

    /** A document without its payload and source record, which are {@code null} in the result. */
    private static final String HEADER_SELECT = "SELECT d.*, NULL AS payload, NULL AS source_record FROM document d";

    /** The newest document for a business key that has not been superseded. */
    public Optional<LedgerDocument> latestForKey(String clientId, String docType, String businessKey) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(HEADER_SELECT + " WHERE client_id = ? AND doc_type = ?"
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
        return insertDocument(clientId, docType, businessKey, contentHash, documentId, payload, sourceFile, sourceLine,
                runId, null);
    }

    public long insertDocument(String clientId, String docType, String businessKey, String contentHash,
                               String documentId, String payload, String sourceFile, long sourceLine, long runId,
                               String sourceRecord) {
        return tx(c -> {
            Instant now = Instant.now();
            long pk = insertRow(c, clientId, docType, businessKey, contentHash, documentId, payload, sourceFile,
                    sourceLine, runId, sourceRecord, now);
            supersedeOlder(c, pk, clientId, docType, businessKey, documentId, now);
            return pk;
        });
    }

    /** A new READY document, for {@link #insertDocuments}. */
    public record NewDocument(String clientId, String docType, String businessKey, String contentHash, String documentId,
                              String payload, String sourceFile, long sourceLine, long runId, String sourceRecord) {
    }

    /**
     * Stores several new READY documents in one transaction, each as {@link #insertDocument} would: one
     * commit for the lot instead of one per document. Either all are stored or none.
     */
    public void insertDocuments(List<NewDocument> docs) {
        if (docs.isEmpty()) {
            return;
        }
        tx(c -> {
            Instant now = Instant.now();
            for (NewDocument d : docs) {
                long pk = insertRow(c, d.clientId(), d.docType(), d.businessKey(), d.contentHash(), d.documentId(),
                        d.payload(), d.sourceFile(), d.sourceLine(), d.runId(), d.sourceRecord(), now);
                supersedeOlder(c, pk, d.clientId(), d.docType(), d.businessKey(), d.documentId(), now);
            }
            return null;
        });
    }

    private static void supersedeOlder(Connection c, long pk, String clientId, String docType, String businessKey,
                                       String documentId, Instant now) throws SQLException {
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
    }

    private static long insertRow(Connection c, String clientId, String docType, String businessKey,
                                  String contentHash, String documentId, String payload, String sourceFile,
                                  long sourceLine, long runId, String sourceRecord, Instant now) throws SQLException {
        long pk;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO document (client_id, doc_type, business_key,"
                + " content_hash, document_id, status, attempts, created_at, updated_at, source_file,"
                + " source_line, run_id) VALUES (?, ?, ?, ?, ?, 'READY', 0, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, clientId);
            ps.setString(2, docType);
            ps.setString(3, businessKey);
            ps.setString(4, contentHash);
            ps.setString(5, documentId);
            ps.setTimestamp(6, ts(now));
            ps.setTimestamp(7, ts(now));
            ps.setString(8, sourceFile);
            ps.setLong(9, sourceLine);
            ps.setLong(10, runId);
            ps.executeUpdate();
            pk = generatedKey(ps);
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
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM document WHERE client_id = ? AND doc_type = ?"
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
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(select + " WHERE id IN ("
                    + String.join(", ", Collections.nCopies(pks.size(), "?")) + ")" + condition
                    + " ORDER BY id")) {
                for (int i = 0; i < pks.size(); i++) {
                    ps.setLong(i + 1, pks.get(i));
                }
                return documents(ps);
            }
        });
    }

    public List<LedgerDocument> documents(String clientId, String docType) {
        return query(WITH_CONTENT + " WHERE client_id = ? AND doc_type = ? ORDER BY id", clientId, docType);
    }

    public Optional<LedgerDocument> document(long pk) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(WITH_CONTENT + " WHERE id = ?")) {
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
                return documents(ps);
            }
        });
    }

    /** Records the start of an attempt: the document goes to SENDING before a byte leaves. */
    public long beginAttempt(long documentPk, long runId, String channel) {
        return beginAttempt(documentPk, runId, channel, null);
    }

    /**
     * As above, recording first, in the same transaction, the success of the attempt before it: one
     * commit between two uploads instead of two. The states a stopped process can leave are the same.
     */
    public long beginAttempt(long documentPk, long runId, String channel, Success previous) {
        return tx(c -> {
            if (previous != null) {
                recordSuccess(c, previous);
            }
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
        attemptSucceeded(new Success(attemptId, documentPk, remoteName, note, response));
    }

    /** A successful attempt: the document is SENT under {@code remoteName}. */
    public record Success(long attemptId, long documentPk, String remoteName, String note, String response) {
    }

    public void attemptSucceeded(Success s) {
        tx(c -> recordSuccess(c, s));
    }

    private static int recordSuccess(Connection c, Success s) throws SQLException {
        Instant now = Instant.now();
        finishAttempt(c, s.attemptId(), "SENT", s.note(), s.response(), now);
        try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'SENT', sent_at = ?,"
                + " remote_name = ?, last_error = NULL, last_response = ?, updated_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, ts(now));
            ps.setString(2, s.remoteName());
            ps.setString(3, s.response());
            ps.setTimestamp(4, ts(now));
            ps.setLong(5, s.documentPk());
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

    /** Closes the attempt a stopped process left open, so that the attempts tell what happened. */
    public void closeInterruptedAttempts(long documentPk) {
        tx(c -> closeInterrupted(c, documentPk, Instant.now()));
    }

    private static int closeInterrupted(Connection c, long documentPk, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE delivery_attempt SET outcome = 'INTERRUPTED',"
                + " finished_at = ?, error = ? WHERE document_pk = ? AND outcome = 'IN_FLIGHT'")) {
            ps.setTimestamp(1, ts(now));
            ps.setString(2, "the process stopped during this attempt");
            ps.setLong(3, documentPk);
            return ps.executeUpdate();
        }
    }

    /** A document a stopped process left in SENDING over a channel where a second send is not harmless. */
    public void markUncertain(long documentPk, String reason) {
        tx(c -> {
            Instant now = Instant.now();
            closeInterrupted(c, documentPk, now);
            // sent_at: when it may have arrived, so that the acknowledgement deadline runs from then
            try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'UNCERTAIN', last_error = ?,"
                    + " updated_at = ?, sent_at = COALESCE(sent_at, updated_at) WHERE id = ? AND status = 'SENDING'")) {
                ps.setString(1, reason);
                ps.setTimestamp(2, ts(now));
                ps.setLong(3, documentPk);
                return ps.executeUpdate();
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

    // ---- operators: finding documents

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

    /** Documents matching the filter, newest first. */
    public List<LedgerDocument> find(DocumentFilter f, int limit, int offset) {
        return tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            try (PreparedStatement ps = c.prepareStatement(WITH_CONTENT + where
                    + " ORDER BY id DESC LIMIT " + limit + " OFFSET " + offset)) {
                bind(ps, args);
                return documents(ps);
            }
        });
    }

    /** The ledger numbers of the documents matching the filter, oldest first. */
    public List<Long> findIds(DocumentFilter f) {
        return tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM document" + where + " ORDER BY id")) {
                bind(ps, args);
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

    /** How many documents per status match the filter (statuses in the order of the enum). */
    public Map<String, Long> countByStatus(DocumentFilter f) {
        return tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM document" + where
                    + " GROUP BY status")) {
                bind(ps, args);
                Map<String, Long> raw = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        raw.put(rs.getString(1), rs.getLong(2));
                    }
                }
                for (DocumentStatus s : DocumentStatus.values()) {
                    if (raw.containsKey(s.name())) {
                        out.put(s.name(), raw.get(s.name()));
                    }
                }
            }
            return out;
        });
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, ts(t));
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) a);
            }
        }
    }

    // ---- acknowledgements

    /** One collected acknowledgement file. */
    public record Ack(long id, String fileName, Instant receivedAt, String outcome, String documentRef, Long documentPk,
                      String responseCode, String reasons, String keptAt) {
    }

    /**
     * Records an acknowledgement; when it is matched and the document awaits one, the document's status
     * follows it (AP accepted, AB received, RE rejected) in the same transaction.
     */
    /**
     * Records an acknowledgement file and, with a document and a new status, applies it to a document
     * that waits for one. Returns whether the document's status changed.
     */
    public boolean recordAck(String fileName, String outcome, String documentRef, Long documentPk, String responseCode,
                             String reasons, String keptAt, DocumentStatus newStatus) {
        return tx(c -> {
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

    public List<Ack> acks(Long documentPk) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(documentPk == null
                    ? "SELECT * FROM acknowledgement ORDER BY id" : "SELECT * FROM acknowledgement WHERE document_pk = ? ORDER BY id")) {
                if (documentPk != null) {
                    ps.setLong(1, documentPk);
                }
                List<Ack> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Ack(rs.getLong("id"), rs.getString("file_name"), instant(rs.getTimestamp("received_at")),
                                rs.getString("outcome"), rs.getString("document_ref"),
                                rs.getObject("document_pk") == null ? null : rs.getLong("document_pk"),
                                rs.getString("response_code"), rs.getString("reasons"), rs.getString("kept_at")));
                    }
                }
                return out;
            }
        });
    }

    public Optional<LedgerDocument> findByDocumentId(String documentId) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(WITH_CONTENT + " WHERE document_id = ?")) {
                ps.setString(1, documentId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(document(rs)) : Optional.empty();
                }
            }
        });
    }

    // ---- resends

    /** One operator resend and what it did to one document. */
    public record ResendEntry(long resendId, Instant at, String osUser, String reason, String mode, boolean forced,
                              long documentPk, Long newDocumentPk, String outcome) {
    }

    public long startResend(String osUser, String reason, String mode, boolean forced, String selection) {
        return tx(c -> {
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
        tx(c -> {
            Instant now = Instant.now();
            try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'READY', updated_at = ?,"
                    + " ack_at = NULL WHERE id = ?")) {
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
        return tx(c -> {
            Instant now = Instant.now();
            long pk = insertRow(c, old.clientId(), old.docType(), old.businessKey(), contentHash, documentId, payload,
                    old.sourceFile(), old.sourceLine(), runId, sourceRecord, now);
            try (PreparedStatement ps = c.prepareStatement("UPDATE document SET status = 'SUPERSEDED', superseded_by = ?,"
                    + " updated_at = ? WHERE id = ?")) {
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
        tx(c -> insertResendItem(c, resendId, documentPk, null, outcome));
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
    public List<ResendEntry> resendHistory(long documentPk) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT r.id, r.at, r.os_user, r.reason, r.mode, r.forced,"
                    + " i.document_pk, i.new_document_pk, i.outcome FROM resend_item i JOIN resend r ON r.id = i.resend_id"
                    + " WHERE i.document_pk = ? OR i.new_document_pk = ? ORDER BY i.id")) {
                ps.setLong(1, documentPk);
                ps.setLong(2, documentPk);
                List<ResendEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ResendEntry(rs.getLong(1), instant(rs.getTimestamp(2)), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getLong(7),
                                rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9)));
                    }
                }
                return out;
            }
        });
    }

    // ---- figures for monitoring

    /** One row of a grouped count. */
    public record Count(String client, String type, String status, long n) {
    }

    public List<Count> countByClientTypeStatus() {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT client_id, doc_type, status, COUNT(*) FROM document"
                    + " GROUP BY client_id, doc_type, status ORDER BY client_id, doc_type, status");
                 ResultSet rs = ps.executeQuery()) {
                List<Count> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Count(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
                }
                return out;
            }
        });
    }

    /** How many runs the ledger records (also the health check's question: does the ledger answer?). */
    public long runCount() {
        return count("SELECT COUNT(*) FROM gateway_run");
    }

    /** How many delivery attempts failed, ever. */
    public long failedAttemptCount() {
        return count("SELECT COUNT(*) FROM delivery_attempt WHERE outcome = 'FAILED'");
    }

    private long count(String sql) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Count and sum (seconds) of stored-to-delivered times of documents delivered since then. */
    public double[] deliveryLatency(Instant since) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT created_at, sent_at FROM document WHERE sent_at IS NOT NULL AND sent_at > ?")) {
                ps.setTimestamp(1, ts(since));
                double n = 0;
                double sum = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        n++;
                        sum += (rs.getTimestamp(2).getTime() - rs.getTimestamp(1).getTime()) / 1000.0;
                    }
                }
                return new double[] {n, sum};
            }
        });
    }

    /** One finished or running run. */
    public record Run(long id, String kind, Instant startedAt, Instant finishedAt, Integer exitCode, String report) {
    }

    public List<Run> runs(int limit, int offset) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM gateway_run ORDER BY id DESC LIMIT " + limit
                    + " OFFSET " + offset); ResultSet rs = ps.executeQuery()) {
                List<Run> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(run(rs));
                }
                return out;
            }
        });
    }

    public Optional<Run> run(long id) {
        return tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM gateway_run WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Run run(ResultSet rs) throws SQLException {
        Object exit = rs.getObject("exit_code");
        return new Run(rs.getLong("id"), rs.getString("kind"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), exit == null ? null : ((Number) exit).intValue(),
                rs.getString("report"));
    }

    private static List<LedgerDocument> documents(PreparedStatement ps) throws SQLException {
        List<LedgerDocument> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(document(rs));
            }
        }
        return out;
    }

    private static LedgerDocument document(ResultSet rs) throws SQLException {
        Number runId = (Number) rs.getObject("run_id");
        return new LedgerDocument(rs.getLong("id"), rs.getString("client_id"), rs.getString("doc_type"),
                rs.getString("business_key"), rs.getString("content_hash"), rs.getString("document_id"),
                rs.getString("payload"), DocumentStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("sent_at")),
                rs.getString("last_error"), rs.getString("remote_name"), rs.getString("source_file"),
                rs.getLong("source_line"), runId == null ? null : runId.longValue(), rs.getString("source_record"),
                instant(rs.getTimestamp("ack_at")), rs.getString("ack_reasons"),
                rs.getObject("superseded_by") == null ? null : rs.getLong("superseded_by"),
                instant(rs.getTimestamp("updated_at")));
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
        closed = true;
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            close(c);
        }
        try {
            keeper.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
        }
    }
}
