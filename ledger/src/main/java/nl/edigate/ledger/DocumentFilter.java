package nl.edigate.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The filters of `messages` and `resend`: status, client, document type, business key, created or
 * delivered between two instants, run, and "overdue" (delivered, and the acknowledgement the client's
 * contract promises by a time now past has not come: 24 hours for the first client, 2 for the consortium).
 */
public record DocumentFilter(Set<DocumentStatus> statuses, String clientId, String docType, String businessKey,
                             Instant createdFrom, Instant createdTo, Instant deliveredFrom, Instant deliveredTo,
                             Long runId, boolean overdueOnly, List<Long> ids,
                             Boolean retryPlanned) {

    public static DocumentFilter all() {
        return new DocumentFilter(Set.of(), null, null, null, null, null, null, null, null, false, List.of(), null);
    }

    /** One client's documents (all of them for null). */
    public static DocumentFilter ofClient(String clientId) {
        return new DocumentFilter(Set.of(), clientId, null, null, null, null, null, null, null, false, List.of(), null);
    }

    /** Those whose business key holds this text (an order or invoice number). */
    public DocumentFilter withBusinessKey(String key) {
        return new DocumentFilter(statuses, clientId, docType, key, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, overdueOnly, ids, retryPlanned);
    }

    public DocumentFilter withOverdueOnly() {
        return new DocumentFilter(statuses, clientId, docType, businessKey, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, true, ids, retryPlanned);
    }

    public DocumentFilter withStatuses(Set<DocumentStatus> s) {
        return new DocumentFilter(s, clientId, docType, businessKey, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, overdueOnly, ids, retryPlanned);
    }

    /** Those FAILED documents for which `serve` has planned an automatic retry (true), or has not (false). */
    public DocumentFilter withRetryPlanned(boolean planned) {
        return new DocumentFilter(statuses, clientId, docType, businessKey, createdFrom, createdTo, deliveredFrom,
                deliveredTo, runId, overdueOnly, ids, planned);
    }

    private static final String NOT_AWAITING = String.join(", ", EnumSet.complementOf(
            EnumSet.copyOf(DocumentStatus.AWAITING_ACKNOWLEDGEMENT)).stream().map(st -> "'" + st.name() + "'").toList());

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
            // the statuses that wait for an answer, written as those that do not: H2 would otherwise take the
            // statuses from an index and read every waiting document (100,000 in a ledger whose client never
            // answers) instead of the due-time index, which holds only the waiting (V9)
            parts.add("status NOT IN (" + NOT_AWAITING + ") AND ack_due_at < ?");
            args.add(now);
        }
        if (retryPlanned != null) {
            parts.add(retryPlanned ? "retry_at IS NOT NULL" : "retry_at IS NULL");
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

    /**
     * Whether the filter asks about the documents' state alone (status, delivery, due time), which
     * {@code document_state} answers without the join to {@code document}: on a ledger of 100,000 documents
     * a count per status takes 0.03 s there and 0.3 s joined.
     */
    boolean onStateAlone() {
        return clientId == null && docType == null && businessKey == null && createdFrom == null && createdTo == null
                && runId == null && ids.isEmpty();
    }

    private static void add(List<String> parts, List<Object> args, String clause, Object value) {
        if (value != null) {
            parts.add(clause);
            args.add(value);
        }
    }

    /** Overdue: delivered, and the acknowledgement due by now has not come. */
    public static boolean isOverdue(LedgerDocument d, Instant now) {
        return DocumentStatus.AWAITING_ACKNOWLEDGEMENT.contains(d.status())
                && d.ackDueAt() != null && d.ackDueAt().isBefore(now);
    }

    /** Text matched literally by LIKE ... ESCAPE '\\' (its %, _ and \\ escaped). */
    static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
