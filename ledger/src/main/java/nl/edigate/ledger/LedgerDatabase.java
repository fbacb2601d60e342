package nl.edigate.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.files.OwnerOnly;

/**
 * The ledger's database: opened durable and owner-only, its schema migrated by Flyway; transactions on a
 * HikariCP pool; errors that never quote SQL. Several processes may open it at once (the operators'
 * commands beside `serve`): an embedded H2 file is shared through H2's automatic mixed mode (the first
 * process serves it to the others), PostgreSQL is a server anyway. Which process
 * delivers is decided by the delivery lease, not here.
 * <p>Over 300 lines: the one place that opens the database (H2's settings for a durable, shared, owner-only
 * file and its housekeeping, the pool, migration) and the few helpers every store uses on a connection.
 */
final class LedgerDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerDatabase.class);

    static {
        // H2's automatic mixed mode listens on every interface unless told otherwise: the ledger is served to
        // the gateway's own processes on this machine only (bin/edigate sets it as well, before any H2 class)
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }
    private static final int MAX_CONNECTIONS = 8;
    /** Keeps an embedded H2 database open between calls. */
    private final Connection keeper;
    /**
     * The stores' connections, kept between transactions (a new one per transaction cost a third of the
     * ledger's CPU: opening, closing, and parsing every statement again).
     */
    private final HikariDataSource pool;

    /** Whether opening found the schema behind and migrated it (Flyway ran). */
    private final boolean migrated;

    /** The embedded H2 file's forced writes and rewrites, in the process that holds it; null otherwise. */
    private final H2Housekeeping housekeeping;

    /**
     * @param reading a read-only command's short visit: an embedded H2 file it happens to close last is
     *                not compacted on the way out (that is `serve`'s and `run`'s, and costs half a second)
     */
    LedgerDatabase(String url, String user, String password, boolean reading) {
        url = shared(durable(url));
        if (reading) {
            url = quickClose(url);
        }
        prepareH2Directory(url);
        try {
            this.keeper = DriverManager.getConnection(url, user, password);
        } catch (SQLException e) {
            throw new LedgerException("cannot open the ledger at " + safeUrl(url) + ": " + e.getMessage(), e);
        }
        restrictH2Files(url);
        this.pool = pool(url, user, password);
        // a read-only command's short visit writes nothing of its own
        this.housekeeping = reading ? null
                : H2Housekeeping.start(keeper, !names(url, "RETENTION_TIME"));
        this.migrated = !LedgerSchema.current(keeper);
        if (migrated) {
            try {
                LedgerSchema.migrate(pool);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }
    }

    boolean migrated() {
        return migrated;
    }

    /** The H2 file's housekeeping in this process, if it holds one (for the tests). */
    H2Housekeeping housekeeping() {
        return housekeeping;
    }

    static String quickClose(String url) {
        return withH2Default(url, "MAX_COMPACT_TIME", "0");
    }

    /** An embedded H2 file's URL with this setting added, unless the URL names it already. */
    private static String withH2Default(String url, String setting, String value) {
        return url.startsWith("jdbc:h2:file:") && !names(url, setting) ? url + ";" + setting + "=" + value : url;
    }

    /** Whether the ledger's URL names this setting (H2's setting names are case-insensitive). */
    private static boolean names(String url, String setting) {
        return url.toUpperCase(Locale.ROOT).contains(setting);
    }

    private HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("edigate-ledger");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(MAX_CONNECTIONS);
        config.setMinimumIdle(1);
        config.setRegisterMbeans(false);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            closeKeeper();
            throw new LedgerException("cannot open the ledger at " + safeUrl(url) + ": "
                    + withoutSql(e.getMessage()), e);
        }
    }

    /**
     * H2 flushes commits up to 500 ms late by default: a process killed in that window loses rows that
     * were committed, and a SENT document would go out again (found by the crash test, CrashIT). WRITE_DELAY=0 writes
     * every commit before it returns.
     */
    static String durable(String url) {
        // no trace file beside the ledger: H2 would make it (.trace.db) with the process's umask, readable by
        // all, holding statements and values; errors reach the gateway's own log as exceptions instead
        return withH2Default(withH2Default(url, "WRITE_DELAY", "0"), "TRACE_LEVEL_FILE", "0");
    }

    /**
     * An embedded H2 file opened by one process at a time would refuse `messages` while `serve` runs:
     * AUTO_SERVER lets the first process serve the file to the others over TCP on loopback (h2.bindAddress;
     * a random key from the owner-only lock file and the ledger's user and password are asked); when it
     * ends, another takes the file over and the others' connections carry on (tried: a second process kept
     * writing after the first exited).
     */
    static String shared(String url) {
        return withH2Default(url, "AUTO_SERVER", "TRUE");
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

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** One transaction on a pooled connection: committed when the work returns, rolled back when it throws. */
    <T> T tx(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
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

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static List<LedgerDocument> readDocuments(PreparedStatement ps) throws SQLException {
        List<LedgerDocument> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(readDocument(rs));
            }
        }
        return out;
    }

    static LedgerDocument readDocument(ResultSet rs) throws SQLException {
        Number runId = (Number) rs.getObject("run_id");
        return new LedgerDocument(rs.getLong("id"), rs.getString("client_id"), rs.getString("doc_type"),
                rs.getString("business_key"), rs.getString("content_hash"), rs.getString("document_id"),
                rs.getString("payload"), DocumentStatus.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("sent_at")),
                rs.getString("last_error"), rs.getString("remote_name"), rs.getString("source_file"),
                rs.getLong("source_line"), runId == null ? null : runId.longValue(), rs.getString("source_record"),
                instant(rs.getTimestamp("ack_at")), rs.getString("ack_reasons"),
                rs.getObject("superseded_by") == null ? null : rs.getLong("superseded_by"),
                instant(rs.getTimestamp("updated_at")), instant(rs.getTimestamp("ack_due_at")),
                instant(rs.getTimestamp("retry_at")));
    }

    static long generatedKey(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            keys.next();
            return keys.getLong(1);
        }
    }

    static String truncate(String s) {
        return truncate(s, 4000);
    }

    /** The text cut to fit a column of {@code max} characters, marked with "..." where it was cut. */
    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    @Override
    public void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (pool != null) {
            pool.close();
        }
        closeKeeper();
    }

    private void closeKeeper() {
        try {
            keeper.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
        }
    }
}
