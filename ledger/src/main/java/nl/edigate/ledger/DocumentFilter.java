package nl.edigate.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The filters of `messages` and `resend`: status, client, document type, business key, created or
 * delivered between two instants, run, and "overdue" (delivered, and the acknowledgement the client's
 * contract promises by a time now past has not come: 24 hours for the first client, 2 for the consortium).
 */
public record DocumentFilter(Set<DocumentStatus> statuses, String clientId, String docType, String businessKey,
                             Instant createdFrom, Instant createdTo, Instant deliveredFrom, Instant deliveredTo,
                             Long runId, boolean overdueOnly, List<Long> ids) {

    public static DocumentFilter all() {
        return new DocumentFilter(Set.of(), null, null, null, null, null, null, null, null, false, List.of());
    }

    /** One client's documents (all of them for null). */
    public static DocumentFilter ofClient(String clientId) {
        return new DocumentFilter(Set.of(), clientId, null, null, null, null, null, null, null, false, List.of());
    }

    /** Those whose business key holds this text (an order or invoice number). */
    public DocumentFilter withBusinessKey(String key) {
        return new DocumentFilter(statuses, clientId, docType, key, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, overdueOnly, ids);
    }

    public DocumentFilter withOverdueOnly() {
        return new DocumentFilter(statuses, clientId, docType, businessKey, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, true, ids);
    }

    public DocumentFilter withStatuses(Set<DocumentStatus> s) {
        return new DocumentFilter(s, clientId, docType, businessKey, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, overdueOnly, ids);
    }

    /** " WHERE ..." with its arguments appended, or "" when nothing filters. */
    String where(List<Object> args, Instant now) {
        List<String> parts = new ArrayList<>();
        if (!statuses.isEmpty()) {
            List<String> marks = new ArrayList<>();
            for (DocumentStatus s : statuses) {
                marks.add("?");
                args.add(s.name());
            }
            parts.add("status IN (" + String.join(", ", marks) + ")");
        }
        add(parts, args, "client_id = ?", clientId);
        add(parts, args, "doc_type = ?", docType);
        // the business key or a part of it: an order number, an invoice number, a project
        add(parts, args, "business_key LIKE ? ESCAPE '\\'", businessKey == null ? null
                : "%" + likeEscaped(businessKey) + "%");
        add(parts, args, "created_at >= ?", createdFrom);
        add(parts, args, "created_at < ?", createdTo);
        add(parts, args, "sent_at >= ?", deliveredFrom);
        add(parts, args, "sent_at < ?", deliveredTo);
        add(parts, args, "run_id = ?", runId);
        if (overdueOnly) {
            parts.add("status IN ('SENT', 'RECEIVED', 'UNCERTAIN', 'QUEUED') AND ack_due_at < ?");
            args.add(now);
        }
        if (!ids.isEmpty()) {
            List<String> marks = new ArrayList<>();
            for (Long id : ids) {
                marks.add("?");
                args.add(id);
            }
            parts.add("id IN (" + String.join(", ", marks) + ")");
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private static void add(List<String> parts, List<Object> args, String clause, Object value) {
        if (value != null) {
            parts.add(clause);
            args.add(value);
        }
    }

    /** Overdue: delivered, and the acknowledgement due by now has not come. */
    public static boolean isOverdue(LedgerDocument d, Instant now) {
        return (d.status() == DocumentStatus.SENT || d.status() == DocumentStatus.RECEIVED
                || d.status() == DocumentStatus.UNCERTAIN || d.status() == DocumentStatus.QUEUED)
                && d.ackDueAt() != null && d.ackDueAt().isBefore(now);
    }

    /** Text matched literally by LIKE ... ESCAPE '\\' (its %, _ and \\ escaped). */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
