package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.generatedKey;
import static nl.edigate.ledger.LedgerDatabase.instant;
import static nl.edigate.ledger.LedgerDatabase.truncate;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import nl.edigate.model.Rejection;

/** Runs, their reports, and what intake did not take (rejections, files set aside or archived). */
final class RunStore {
    private final LedgerDatabase db;

    RunStore(LedgerDatabase db) {
        this.db = db;
    }

    public long startRun(String kind) {
        return db.tx(c -> {
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
        db.tx(c -> {
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
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MAX(started_at) FROM gateway_run WHERE finished_at"
                    + " IS NOT NULL AND kind IN ('run', 'scheduled', 'catch-up', 'demo')");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(instant(rs.getTimestamp(1))) : Optional.empty();
            }
        });
    }

    /** The latest run of one of these kinds (only a finished one when asked), however many others came after. */
    public Optional<Ledger.Run> lastRun(java.util.Set<String> kinds, boolean finished) {
        if (kinds.isEmpty()) {
            return Optional.empty();
        }
        return db.tx(c -> {
            String marks = String.join(", ", java.util.Collections.nCopies(kinds.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM gateway_run WHERE kind IN (" + marks + ")"
                    + (finished ? " AND finished_at IS NOT NULL" : "") + " ORDER BY id DESC")) {
                int i = 1;
                for (String k : kinds) {
                    ps.setString(i++, k);
                }
                ps.setMaxRows(1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.empty();
                }
            }
        });
    }

    public void recordRejection(long runId, Rejection r) {
        db.tx(c -> {
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
        return db.tx(c -> {
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
        db.tx(c -> {
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

    public List<Ledger.Run> runs(int limit, int offset) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM gateway_run ORDER BY id DESC LIMIT " + limit
                    + " OFFSET " + offset); ResultSet rs = ps.executeQuery()) {
                List<Ledger.Run> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(run(rs));
                }
                return out;
            }
        });
    }

    public Optional<Ledger.Run> run(long id) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM gateway_run WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(run(rs)) : Optional.empty();
                }
            }
        });
    }

    private static Ledger.Run run(ResultSet rs) throws SQLException {
        Object exit = rs.getObject("exit_code");
        return new Ledger.Run(rs.getLong("id"), rs.getString("kind"), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), exit == null ? null : ((Number) exit).intValue(),
                rs.getString("report"));
    }
}
