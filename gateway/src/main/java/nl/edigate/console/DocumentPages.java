package nl.edigate.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.FilterParser;
import nl.edigate.operators.Resender;

/** The pages that show: overview, documents with filters and paging, one document, the runs. */
final class DocumentPages {
    private static final int PAGE = 50;
    private final Ledger ledger;
    private final ConsoleFilters filters;

    DocumentPages(Ledger ledger, ConsoleFilters filters) {
        this.ledger = ledger;
        this.filters = filters;
    }

    void overview(ConsoleRequest r) {
        r.page(200, "overview", "Overview", Map.of(
                "counts", counts(DocumentFilter.all()),
                "late", ledger.find(DocumentFilter.all().withOverdueOnly(), PAGE, 0),
                "open", ledger.find(DocumentFilter.all().withStatuses(
                        EnumSet.of(DocumentStatus.FAILED, DocumentStatus.REJECTED)), 10, 0),
                "runs", ledger.runs(5, 0)));
    }

    private Counts counts(DocumentFilter f) {
        long overdue = ledger.countByStatus(f.withOverdueOnly()).values().stream().mapToLong(Long::longValue).sum();
        return new Counts(ledger.countByStatus(f), overdue);
    }

    void documents(ConsoleRequest r) {
        DocumentFilter f = filters.filter(r);
        int page = filters.parser().number("page", r.p("page"), 0, 0, 1_000_000);
        List<LedgerDocument> docs = ledger.find(f, PAGE + 1, page * PAGE);
        boolean more = docs.size() > PAGE;
        if (more) {
            docs = docs.subList(0, PAGE);
        }
        Map<String, String> given = new LinkedHashMap<>();
        StringBuilder query = new StringBuilder();
        for (String k : FilterParser.FIELDS) {
            if (r.p(k) != null) {
                given.put(k, r.p(k));
                query.append('&').append(k).append('=').append(URLEncoder.encode(r.p(k), StandardCharsets.UTF_8));
            }
        }
        r.page(200, "documents", "Documents", Map.of("filters", given, "counts", counts(f), "docs", docs,
                "page", page, "more", more, "query", query.toString(), "operator", r.isOperator()));
    }

    void document(ConsoleRequest r, String id) {
        Optional<LedgerDocument> found = ledger.findByIdOrDocumentId(id);
        if (found.isEmpty()) {
            r.message(404, "Not found", "No document " + id + ".", false);
            return;
        }
        LedgerDocument d = found.get();
        // the console offers --force, so only what no resend can take is refused here (waiting, superseded)
        Resender.Item decision = Resender.decide(d, true);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("d", d);
        params.put("operator", r.isOperator());
        params.put("notResendable", decision.go() ? null : decision.why());
        params.put("attempts", ledger.attempts(d.pk()));
        params.put("acks", ledger.acks(d.pk()));
        params.put("history", ledger.resendHistory(d.pk()));
        r.page(200, "document", "Document #" + d.pk(), params);
    }

    void runs(ConsoleRequest r) {
        r.page(200, "runs", "Runs", Map.of("runs", ledger.runs(100, 0)));
    }

    void run(ConsoleRequest r, String id) {
        Optional<Ledger.Run> run = id.matches("[0-9]{1,18}") ? ledger.run(Long.parseLong(id)) : Optional.empty();
        if (run.isEmpty()) {
            r.message(404, "Not found", "No run " + id + ".", false);
            return;
        }
        r.page(200, "run", "Run " + id, Map.of("run", run.get()));
    }
}
