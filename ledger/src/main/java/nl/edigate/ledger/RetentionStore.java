package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention policy applied: documents (with their attempts, acknowledgements, interchange messages
 * and resend items) stored before one moment are removed, and so are the runs (reports, rejections,
 * inbox files) and resends (the audit) no remaining document refers to; payloads and source records of
 * documents stored before a later moment are removed and the time noted. Documents waiting for delivery
 * (READY, SENDING) are never touched. A dry run counts the same and changes nothing.
 */
final class RetentionStore {
    private static final String SETTLED = " AND status NOT IN ('READY', 'SENDING')";
    private static final int CHUNK = 500;
    private final LedgerDatabase db;

    RetentionStore(LedgerDatabase db) {
        this.db = db;
    }

    Ledger.Purge purge(Instant documentsBefore, Instant payloadsBefore, boolean dryRun) {
        return db.tx(c -> {
            List<Long> docs = ids(c, "SELECT id FROM " + DocumentStore.DOCUMENTS + " WHERE created_at < ?" + SETTLED, documentsBefore);
            long payloads = count(c, "SELECT COUNT(*) FROM " + DocumentStore.DOCUMENTS
                    + " JOIN document_content x ON x.document_pk = d.id WHERE x.removed_at IS NULL AND created_at < ?"
                    + " AND created_at >= ?" + SETTLED, payloadsBefore, documentsBefore);
            long attempts = 0;
            for (List<Long> chunk : chunks(docs)) {
                attempts += count(c, "SELECT COUNT(*) FROM delivery_attempt WHERE document_pk IN (" + marks(chunk) + ")",
                        chunk.toArray());
            }
            List<Long> runs = ids(c, "SELECT r.id FROM gateway_run r WHERE r.started_at < ?", documentsBefore);
            Set<Long> docSet = new HashSet<>(docs);
            List<Long> freeRuns = new ArrayList<>();
            for (long run : runs) {
                // a run goes when every document it made goes too
                List<Long> made = ids(c, "SELECT id FROM document WHERE run_id = ?", run);
                List<Long> tried = ids(c, "SELECT DISTINCT document_pk FROM delivery_attempt WHERE run_id = ?", run);
                if (docSet.containsAll(made) && docSet.containsAll(tried)) {
                    freeRuns.add(run);
                }
            }
            if (!dryRun) {
                for (List<Long> chunk : chunks(docs)) {
                    String in = " IN (" + marks(chunk) + ")";
                    Object[] args = chunk.toArray();
                    update(c, "UPDATE document_state SET superseded_by = NULL WHERE superseded_by" + in, args);
                    update(c, "UPDATE resend_item SET new_document_pk = NULL WHERE new_document_pk" + in, args);
                    for (String table : List.of("acknowledgement", "resend_item", "interchange_message",
                            "delivery_attempt", "document_content", "document_state")) {
                        update(c, "DELETE FROM " + table + " WHERE document_pk" + in, args);
                    }
                    update(c, "DELETE FROM document WHERE id" + in, args);
                }
                update(c, "DELETE FROM resend WHERE at < ? AND NOT EXISTS (SELECT 1 FROM resend_item i WHERE"
                        + " i.resend_id = resend.id)", ts(documentsBefore));
                for (List<Long> chunk : chunks(freeRuns)) {
                    String in = " IN (" + marks(chunk) + ")";
                    for (String table : List.of("rejection", "inbox_file")) {
                        update(c, "DELETE FROM " + table + " WHERE run_id" + in, chunk.toArray());
                    }
                    update(c, "DELETE FROM gateway_run WHERE id" + in, chunk.toArray());
                }
                update(c, "DELETE FROM acknowledgement WHERE document_pk IS NULL AND received_at < ?", ts(documentsBefore));
                update(c, "DELETE FROM alert WHERE resolved_at < ?", ts(documentsBefore));
                update(c, "DELETE FROM resend_request WHERE finished_at < ?", ts(documentsBefore));
                update(c, "UPDATE document_content SET payload = '', source_record = NULL, removed_at = ? WHERE"
                        + " removed_at IS NULL AND document_pk IN (SELECT id FROM " + DocumentStore.DOCUMENTS
                        + " WHERE created_at < ?" + SETTLED + ")", ts(Instant.now()), ts(payloadsBefore));
            }
            return new Ledger.Purge(docs.size(), attempts, freeRuns.size(), payloads, dryRun);
        });
    }

    /** Those of the documents whose payload the retention policy removed. */
    Set<Long> payloadsRemoved(List<Long> pks) {
        return db.tx(c -> {
            Set<Long> out = new HashSet<>();
            for (List<Long> chunk : chunks(pks)) {
                out.addAll(ids(c, "SELECT document_pk FROM document_content WHERE removed_at IS NOT NULL AND document_pk IN ("
                        + marks(chunk) + ")", chunk.toArray()));
            }
            return out;
        });
    }

    private static List<List<Long>> chunks(List<Long> all) {
        if (all.isEmpty()) {
            return Collections.emptyList();
        }
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    private static String marks(List<Long> chunk) {
        return String.join(", ", Collections.nCopies(chunk.size(), "?"));
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            ps.setObject(i + 1, a instanceof Instant t ? ts(t) : a);
        }
    }

    private static List<Long> ids(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        }
    }
}
