package nl.edigate.console;

import static nl.edigate.console.Html.esc;
import static nl.edigate.console.Html.page;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Display;
import nl.edigate.operators.FilterParser;
import nl.edigate.operators.Resender;

/** The pages that show: overview, documents with filters and paging, one document, the runs. */
final class DocumentPages {
    private static final int PAGE = 50;
    private static final List<String> FILTERS = FilterParser.FIELDS;
    private final Ledger ledger;
    private final ConsoleFilters filters;

    DocumentPages(Ledger ledger, ConsoleFilters filters) {
        this.ledger = ledger;
        this.filters = filters;
    }

    void overview(ConsoleRequest r) throws IOException {
        StringBuilder b = new StringBuilder("<h1>Overview</h1>");
        b.append(counts(DocumentFilter.all()));
        DocumentFilter overdue = DocumentFilter.all().withOverdueOnly();
        List<LedgerDocument> late = ledger.find(overdue, PAGE, 0);
        b.append("<h2>Overdue acknowledgements</h2>");
        b.append(late.isEmpty() ? "<p class=note>None: every order response delivered more than 24 hours ago has a final"
                + " acknowledgement.</p>" : table(late));
        List<LedgerDocument> open = ledger.find(DocumentFilter.all().withStatuses(
                EnumSet.of(DocumentStatus.FAILED, DocumentStatus.REJECTED)), 10, 0);
        b.append("<h2>Waiting for a resend</h2>");
        b.append(open.isEmpty() ? "<p class=note>Nothing failed or rejected.</p>" : table(open)
                + "<p><a href=\"/documents?status=FAILED,REJECTED\">all of them</a></p>");
        b.append("<h2>Latest runs</h2>").append(runTable(ledger.runs(5, 0)));
        page(r, 200, "Overview", b.toString());
    }

    private String counts(DocumentFilter f) {
        Map<String, Long> counts = ledger.countByStatus(f);
        long overdue = ledger.countByStatus(f.withOverdueOnly()).values().stream().mapToLong(Long::longValue).sum();
        StringBuilder b = new StringBuilder("<div class=counts>");
        counts.forEach((status, n) -> b.append("<a class=card href=\"/documents?status=").append(status)
                .append("\"><div class=\"badge s-").append(status).append("\">").append(status)
                .append("</div><div class=n>").append(n).append("</div></a>"));
        b.append("<a class=card href=\"/documents?overdue=on\"><div class=\"badge s-OVERDUE\">OVERDUE</div><div class=n>")
                .append(overdue).append("</div></a></div>");
        return b.toString();
    }

    void documents(ConsoleRequest r) throws IOException {
        DocumentFilter f = filters.filter(r);
        int page = filters.parser().number("page", r.p("page"), 0, 0, 1_000_000);
        List<LedgerDocument> docs = ledger.find(f, PAGE + 1, page * PAGE);
        boolean more = docs.size() > PAGE;
        if (more) {
            docs = docs.subList(0, PAGE);
        }
        StringBuilder query = new StringBuilder();
        for (String k : FILTERS) {
            if (r.p(k) != null) {
                query.append('&').append(k).append('=').append(URLEncoder.encode(r.p(k), StandardCharsets.UTF_8));
            }
        }
        StringBuilder b = new StringBuilder("<h1>Documents</h1>");
        b.append("<form class=filters method=get action=/documents>")
                .append(input("status", "Status (e.g. FAILED,REJECTED)", r))
                .append(input("type", "Type", r)).append(input("client", "Client", r)).append(input("key", "Business key", r))
                .append(date("createdFrom", "Created from", r)).append(date("createdTo", "Created before", r))
                .append(date("deliveredFrom", "Delivered from", r)).append(date("deliveredTo", "Delivered before", r))
                .append(input("run", "Run", r))
                .append("<label>Overdue<input type=checkbox name=overdue").append(r.p("overdue") != null ? " checked" : "")
                .append("></label><button class=primary type=submit>Filter</button></form>");
        b.append(counts(f));
        b.append(table(docs));
        b.append("<div class=pager>");
        if (page > 0) {
            b.append("<a href=\"/documents?page=").append(page - 1).append(esc(query)).append("\">&larr; newer</a>");
        }
        b.append("<span class=note>page ").append(page + 1).append("</span>");
        if (more) {
            b.append("<a href=\"/documents?page=").append(page + 1).append(esc(query)).append("\">older &rarr;</a>");
        }
        b.append("</div>");
        if (r.isOperator() && !docs.isEmpty()) {
            b.append("<h2>Resend every document of this selection</h2>")
                    .append("<form method=post action=/resend/preview>").append(r.csrfField());
            for (String k : FILTERS) {
                if (r.p(k) != null) {
                    b.append("<input type=hidden name=\"f_").append(k).append("\" value=\"").append(esc(r.p(k))).append("\">");
                }
            }
            b.append(ResendPages.formFields()).append("<button class=primary type=submit>Preview</button></form>");
        }
        page(r, 200, "Documents", b.toString());
    }


    private static String input(String name, String label, ConsoleRequest r) {
        return "<label>" + esc(label) + "<input name=" + name + " value=\"" + esc(r.p(name)) + "\"></label>";
    }

    private static String date(String name, String label, ConsoleRequest r) {
        return "<label>" + esc(label) + "<input type=date name=" + name + " value=\"" + esc(r.p(name)) + "\"></label>";
    }

    private static String table(List<LedgerDocument> docs) {
        if (docs.isEmpty()) {
            return "<p class=note>No documents match.</p>";
        }
        Instant now = Instant.now();
        StringBuilder b = new StringBuilder("<table><tr><th>#</th><th>Status</th><th>Type</th><th>Business key</th>"
                + "<th>Document id</th><th>Created</th><th>Delivered</th><th>Note</th></tr>");
        for (LedgerDocument d : docs) {
            boolean overdue = DocumentFilter.isOverdue(d, now);
            b.append("<tr><td><a href=\"/documents/").append(d.pk()).append("\">").append(d.pk()).append("</a></td>")
                    .append("<td><span class=\"badge s-").append(d.status()).append("\">").append(d.status()).append("</span>")
                    .append(overdue ? " <span class=\"badge s-OVERDUE\">OVERDUE</span>" : "").append("</td>")
                    .append("<td>").append(esc(d.docType())).append("</td><td>").append(esc(d.businessKey())).append("</td>")
                    .append("<td class=mono>").append(esc(d.documentId())).append("</td>")
                    .append("<td>").append(esc(time(d.createdAt()))).append("</td><td>").append(esc(time(d.sentAt())))
                    .append("</td><td>").append(esc(cut(d.ackReasons() != null ? d.ackReasons() : d.lastError(), 90)))
                    .append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    private static String time(Instant t) {
        return t == null ? "" : Display.TIME.format(t);
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    void document(ConsoleRequest r, String id) throws IOException {
        Optional<LedgerDocument> found = ledger.findByIdOrDocumentId(id);
        if (found.isEmpty()) {
            page(r, 404, "Not found", "<p>No document " + esc(id) + ".</p>");
            return;
        }
        LedgerDocument d = found.get();
        StringBuilder b = new StringBuilder("<h1>Document #").append(d.pk()).append(" <span class=\"badge s-")
                .append(d.status()).append("\">").append(d.status()).append("</span>")
                .append(DocumentFilter.isOverdue(d, Instant.now()) ? " <span class=\"badge s-OVERDUE\">OVERDUE</span>" : "")
                .append("</h1><dl>");
        dl(b, "Type", d.docType());
        dl(b, "Document id", d.documentId());
        dl(b, "Business key", d.businessKey());
        dl(b, "Client", d.clientId());
        dl(b, "Source", d.sourceFile() + ", line " + d.sourceLine() + " (run " + d.runId() + ")");
        dl(b, "Created", d.createdAt());
        dl(b, "Delivered", d.sentAt() == null ? "-" : d.sentAt() + " as " + d.remoteName());
        dl(b, "Attempts", d.attempts());
        if (d.lastError() != null) {
            dl(b, "Last error", d.lastError());
        }
        if (d.ackReasons() != null) {
            dl(b, "Client's reasons", d.ackReasons());
        }
        if (d.supersededBy() != null) {
            b.append("<dt>Superseded by</dt><dd><a href=\"/documents/").append(d.supersededBy()).append("\">#")
                    .append(d.supersededBy()).append("</a></dd>");
        }
        b.append("</dl>");
        if (r.isOperator()) {
            Resender.Item decision = Resender.decide(d, true);
            b.append("<h2>Resend</h2>");
            if (d.status() == DocumentStatus.READY || d.status() == DocumentStatus.SENDING
                    || d.status() == DocumentStatus.SUPERSEDED) {
                b.append("<p class=note>Not possible: ").append(esc(decision.why())).append(".</p>");
            } else {
                b.append("<form method=post action=/resend/preview>").append(r.csrfField())
                        .append("<input type=hidden name=ids value=\"").append(d.pk()).append("\">")
                        .append(ResendPages.formFields()).append("<button class=primary type=submit>Preview</button></form>");
            }
        }
        b.append("<h2>Attempts</h2><table><tr><th>#</th><th>Started</th><th>Channel</th><th>Outcome</th><th>Error or note</th></tr>");
        for (Attempt a : ledger.attempts(d.pk())) {
            b.append("<tr><td>").append(a.attemptNo()).append("</td><td>").append(esc(a.startedAt())).append("</td><td>")
                    .append(esc(a.channel())).append("</td><td>").append(esc(a.outcome())).append("</td><td>")
                    .append(esc(a.error())).append("</td></tr>");
        }
        b.append("</table><h2>Acknowledgements</h2>");
        var acks = ledger.acks(d.pk());
        if (acks.isEmpty()) {
            b.append("<p class=note>None yet.</p>");
        } else {
            b.append("<table><tr><th>Received</th><th>Code</th><th>File</th><th>Reasons</th></tr>");
            for (Ledger.Ack a : acks) {
                b.append("<tr><td>").append(esc(a.receivedAt())).append("</td><td>").append(esc(a.responseCode()))
                        .append("</td><td>").append(esc(a.fileName())).append("</td><td>").append(esc(a.reasons()))
                        .append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>Resend history</h2>");
        var history = ledger.resendHistory(d.pk());
        if (history.isEmpty()) {
            b.append("<p class=note>Never resent.</p>");
        } else {
            b.append("<table><tr><th>When</th><th>Who</th><th>Mode</th><th>Documents</th><th>Outcome</th><th>Reason</th></tr>");
            for (Ledger.ResendEntry e : history) {
                b.append("<tr><td>").append(esc(e.at())).append("</td><td>").append(esc(e.osUser())).append("</td><td>")
                        .append(esc(e.mode())).append(e.forced() ? " (forced)" : "").append("</td><td>#").append(e.documentPk())
                        .append(e.newDocumentPk() == null ? "" : " &rarr; #" + e.newDocumentPk()).append("</td><td>")
                        .append(esc(e.outcome())).append("</td><td>").append(esc(e.reason())).append("</td></tr>");
            }
            b.append("</table>");
        }
        b.append("<h2>Payload</h2><pre>").append(esc(Display.pretty(d.payload()))).append("</pre>");
        page(r, 200, "Document #" + d.pk(), b.toString());
    }

    private static void dl(StringBuilder b, String term, Object value) {
        b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    void runs(ConsoleRequest r) throws IOException {
        page(r, 200, "Runs", "<h1>Runs</h1>" + runTable(ledger.runs(100, 0)));
    }

    private static String runTable(List<Ledger.Run> runs) {
        StringBuilder b = new StringBuilder("<table><tr><th>Run</th><th>Kind</th><th>Started</th><th>Finished</th>"
                + "<th>Exit code</th></tr>");
        for (Ledger.Run run : runs) {
            b.append("<tr><td><a href=\"/runs/").append(run.id()).append("\">").append(run.id()).append("</a></td><td>")
                    .append(esc(run.kind())).append("</td><td>").append(esc(time(run.startedAt()))).append("</td><td>")
                    .append(esc(time(run.finishedAt()))).append("</td><td>").append(esc(run.exitCode())).append("</td></tr>");
        }
        return b.append("</table>").toString();
    }

    void run(ConsoleRequest r, String id) throws IOException {
        Optional<Ledger.Run> run = id.matches("[0-9]{1,18}") ? ledger.run(Long.parseLong(id)) : Optional.empty();
        if (run.isEmpty()) {
            page(r, 404, "Not found", "<p>No run " + esc(id) + ".</p>");
            return;
        }
        page(r, 200, "Run " + id, "<h1>Run " + esc(id) + " (" + esc(run.get().kind()) + ")</h1><pre>"
                + esc(run.get().report() == null ? "still running" : run.get().report()) + "</pre>");
    }
}
