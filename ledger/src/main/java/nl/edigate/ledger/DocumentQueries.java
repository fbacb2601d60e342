package nl.edigate.ledger;

import static nl.edigate.ledger.LedgerDatabase.instant;
import static nl.edigate.ledger.LedgerDatabase.readDocuments;
import static nl.edigate.ledger.LedgerDatabase.ts;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What operators ask: documents by filter, counted by status, and the figures monitoring reads. */
final class DocumentQueries {
    private final LedgerDatabase db;

    DocumentQueries(LedgerDatabase db) {
        this.db = db;
    }

    /** Documents matching the filter, newest first. */
    public List<LedgerDocument> find(DocumentFilter f, int limit, int offset) {
        return db.tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            // the page chosen on the documents alone, then its contents joined: joined first, a filter that
            // matches most of 100,000 documents read all their payloads to keep 50 (3 s instead of 0.1 s)
            try (PreparedStatement ps = c.prepareStatement(DocumentStore.WITH_CONTENT + " WHERE d.id IN ("
                    + keys(f, where) + " DESC LIMIT " + limit + " OFFSET " + offset + ") ORDER BY d.id DESC")) {
                bind(ps, args);
                return readDocuments(ps);
            }
        });
    }

    /** Documents whose business key starts with {@code start} (an order or invoice number), newest first. */
    public List<LedgerDocument> findByKeyStart(String start, int limit) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(DocumentStore.WITH_CONTENT + " WHERE d.id IN (SELECT id"
                    + " FROM document WHERE business_key LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT " + limit + ")"
                    + " ORDER BY d.id DESC")) {
                ps.setString(1, DocumentFilter.likeEscaped(start) + "%");
                return readDocuments(ps);
            }
        });
    }

    /** The ledger numbers of the documents matching the filter, oldest first. */
    public List<Long> findIds(DocumentFilter f) {
        return db.tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            try (PreparedStatement ps = c.prepareStatement(keys(f, where))) {
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
        return db.tx(c -> {
            List<Object> args = new ArrayList<>();
            String where = f.where(args, Instant.now());
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM " + rows(f) + where
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

    /** The rows a filter reads: the state alone when it asks about nothing else. */
    private static String rows(DocumentFilter f) {
        return f.onStateAlone() ? "document_state" : DocumentStore.DOCUMENTS;
    }

    /** The ledger numbers of the documents the filter matches, in their order (ascending; DESC may follow). */
    private static String keys(DocumentFilter f, String where) {
        String key = f.onStateAlone() ? "document_pk" : "id";
        return "SELECT " + key + " FROM " + rows(f) + where + " ORDER BY " + key;
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

    public List<Ledger.Count> countByClientTypeStatus() {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT client_id, doc_type, status, COUNT(*) FROM "
                    + DocumentStore.DOCUMENTS
                    + " GROUP BY client_id, doc_type, status ORDER BY client_id, doc_type, status");
                 ResultSet rs = ps.executeQuery()) {
                List<Ledger.Count> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Ledger.Count(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
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

    /** Records intake refused, ever, per document type. */
    public java.util.Map<String, Long> rejectedRecordsByType() {
        return grouped("SELECT doc_type, COUNT(*) FROM rejection GROUP BY doc_type");
    }

    /** Export files set aside whole (unreadable), ever. */
    public long setAsideFileCount() {
        return count("SELECT COUNT(*) FROM inbox_file WHERE outcome = 'SET_ASIDE'");
    }

    /** When each client last had a document delivered: the channel was reachable then. */
    public java.util.Map<String, java.time.Instant> lastDeliveredByClient() {
        return db.tx(c -> {
            java.util.Map<String, java.time.Instant> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT client_id, MAX(sent_at) FROM " + DocumentStore.DOCUMENTS
                    + " WHERE sent_at IS NOT NULL GROUP BY client_id"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), LedgerDatabase.instant(rs.getTimestamp(2)));
                }
            }
            return out;
        });
    }

    private java.util.Map<String, Long> grouped(String sql) {
        return db.tx(c -> {
            java.util.Map<String, Long> out = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private long count(String sql) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    /** Documents delivered after the given instant, oldest first: when each was delivered and how long after it was stored. */
    public List<Ledger.Delivered> deliveredAfter(Instant after) {
        return db.tx(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT created_at, sent_at FROM " + DocumentStore.DOCUMENTS
                    + " WHERE sent_at IS NOT NULL AND sent_at > ? ORDER BY sent_at")) {
                ps.setTimestamp(1, ts(after));
                List<Ledger.Delivered> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Instant sent = instant(rs.getTimestamp(2));
                        out.add(new Ledger.Delivered(sent, Duration.between(instant(rs.getTimestamp(1)), sent)));
                    }
                }
                return out;
            }
        });
    }
}
