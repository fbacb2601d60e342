package nl.edigate.console;

import static nl.edigate.console.Html.esc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.cli.ShowCommand;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.run.RunReport;

/**
 * The operators' web console, served by `serve`: run reports, the documents with the filters of
 * `messages`, a document page, resend with reason and preview, the overdue acknowledgements, and
 * /health and /metrics for monitoring. Server-rendered pages; a session cookie (HttpOnly,
 * SameSite=Strict) after login; every form that changes something carries the session's CSRF token.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    private static final String COOKIE = "EDIGATE_SESSION";
    private static final int PAGE = 50;

    private final ConsoleSettings settings;
    private final GatewayConfig config;
    private final Ledger ledger;
    private final GatewayRuntime runtime;
    private final Sessions sessions = new Sessions();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    public ConsoleServer(ConsoleSettings settings, GatewayConfig config, Ledger ledger, GatewayRuntime runtime)
            throws IOException {
        this.settings = settings;
        this.config = config;
        this.ledger = ledger;
        this.runtime = runtime;
        this.server = HttpServer.create(new InetSocketAddress(settings.address(), settings.port()), 32);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("console on http://{}:{}/ ({} user(s))", settings.address(), port(), settings.users().size());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- dispatch

    private record Request(HttpExchange ex, String method, String path, Map<String, String> params,
                           Sessions.Session session) {
        String p(String name) {
            String v = params.get(name);
            return v == null || v.isBlank() ? null : v.trim();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            Map<String, String> params = parse(ex.getRequestURI().getRawQuery());
            if ("POST".equals(method)) {
                params.putAll(parse(new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8)));
            }
            if (path.equals("/health")) {
                health(ex);
                return;
            }
            if (path.equals("/metrics")) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", Metrics.render(ledger));
                return;
            }
            if (path.equals("/login")) {
                if ("POST".equals(method)) {
                    login(ex, params);
                } else {
                    loginPage(ex, null);
                }
                return;
            }
            Optional<Sessions.Session> session = sessions.find(cookie(ex));
            if (session.isEmpty()) {
                // refused: a page sends the browser to the login, anything else gets 401
                if ("GET".equals(method)) {
                    ex.getResponseHeaders().add("Location", "/login");
                    send(ex, 302, "text/plain", "login required");
                } else {
                    send(ex, 401, "text/plain", "login required");
                }
                return;
            }
            Request r = new Request(ex, method, path, params, session.get());
            if ("POST".equals(method) && !csrfOk(r)) {
                LOG.warn("console: {} {} by {} refused: missing or wrong CSRF token", method, path, r.session().user());
                send(ex, 403, "text/plain", "refused: the form is not from this console (CSRF token)");
                return;
            }
            route(r);
        } catch (RuntimeException e) {
            LOG.warn("console: {} failed: {}", ex.getRequestURI().getPath(), e.getMessage());
            send(ex, 500, "text/plain", "the console could not do that: " + e.getMessage());
        }
    }

    private void route(Request r) throws IOException {
        String path = r.path();
        if (path.equals("/") && r.method().equals("GET")) {
            overview(r);
        } else if (path.equals("/documents") && r.method().equals("GET")) {
            documents(r);
        } else if (path.startsWith("/documents/") && r.method().equals("GET")) {
            document(r, path.substring("/documents/".length()));
        } else if (path.equals("/runs") && r.method().equals("GET")) {
            runs(r);
        } else if (path.startsWith("/runs/") && r.method().equals("GET")) {
            run(r, path.substring("/runs/".length()));
        } else if (path.equals("/resend/preview") && r.method().equals("POST")) {
            resend(r, false);
        } else if (path.equals("/resend/confirm") && r.method().equals("POST")) {
            resend(r, true);
        } else if (path.equals("/logout") && r.method().equals("POST")) {
            sessions.close(r.session().id());
            r.ex().getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
            r.ex().getResponseHeaders().add("Location", "/login");
            send(r.ex(), 303, "text/plain", "logged out");
        } else {
            page(r, 404, "Not found", "<p>No such page.</p>");
        }
    }

    // ---- login

    private void loginPage(HttpExchange ex, String error) throws IOException {
        String body = "<div class=login><h1>edigate console</h1>"
                + (error == null ? "" : "<p class=error>" + esc(error) + "</p>")
                + (settings.users().isEmpty() ? "<p class=error>No console users are configured"
                        + " (console.user.NAME in the gateway settings, hashes from `edigate hash-password`).</p>" : "")
                + "<form method=post action=/login><label>User<input name=user autocomplete=username autofocus></label>"
                + "<label>Password<input name=password type=password autocomplete=current-password></label>"
                + "<button class=primary type=submit>Log in</button></form></div>";
        send(ex, error == null ? 200 : 401, "text/html; charset=utf-8", layout("Log in", null, body));
    }

    private void login(HttpExchange ex, Map<String, String> params) throws IOException {
        String name = params.getOrDefault("user", "");
        ConsoleSettings.User user = settings.users().get(name);
        String password = params.getOrDefault("password", "");
        if (user == null || !PasswordHash.verify(password.toCharArray(), user.hash())) {
            LOG.warn("console: failed login for '{}'", name.length() > 64 ? name.substring(0, 64) : name);
            loginPage(ex, "Unknown user or wrong password.");
            return;
        }
        Sessions.Session s = sessions.open(user);
        LOG.info("console: {} logged in", user);
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().add("Location", "/");
        send(ex, 303, "text/plain", "welcome");
    }

    private boolean csrfOk(Request r) {
        String token = r.params().get("csrf");
        return token != null && java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                r.session().csrf().getBytes(StandardCharsets.UTF_8));
    }

    // ---- pages

    private void overview(Request r) throws IOException {
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

    private DocumentFilter filter(Request r) {
        Set<DocumentStatus> statuses = EnumSet.noneOf(DocumentStatus.class);
        if (r.p("status") != null) {
            for (String s : r.p("status").split(",")) {
                try {
                    statuses.add(DocumentStatus.valueOf(s.trim()));
                } catch (IllegalArgumentException e) {
                    // an unknown status filters nothing in
                }
            }
        }
        return new DocumentFilter(statuses, r.p("client"), r.p("type"), r.p("key"), day(r.p("createdFrom")),
                day(r.p("createdTo")), day(r.p("deliveredFrom")), day(r.p("deliveredTo")),
                r.p("run") == null ? null : Long.valueOf(r.p("run").replaceAll("[^0-9]", "0")),
                r.p("overdue") != null, List.of());
    }

    private static Instant day(String v) {
        if (v == null) {
            return null;
        }
        return java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();
    }

    private static final List<String> FILTERS = List.of("status", "client", "type", "key", "createdFrom",
            "createdTo", "deliveredFrom", "deliveredTo", "run", "overdue");

    private void documents(Request r) throws IOException {
        DocumentFilter f = filter(r);
        int page = r.p("page") == null ? 0 : Math.max(0, Integer.parseInt(r.p("page").replaceAll("[^0-9]", "0")));
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
        if (isOperator(r) && !docs.isEmpty()) {
            b.append("<h2>Resend every document of this selection</h2>")
                    .append("<form method=post action=/resend/preview>").append(csrfField(r));
            for (String k : FILTERS) {
                if (r.p(k) != null) {
                    b.append("<input type=hidden name=\"f_").append(k).append("\" value=\"").append(esc(r.p(k))).append("\">");
                }
            }
            b.append(resendFields()).append("<button class=primary type=submit>Preview</button></form>");
        }
        page(r, 200, "Documents", b.toString());
    }

    private static String resendFields() {
        return "<label>Reason (recorded)<input name=reason required size=50></label>"
                + "<label><span><input type=checkbox name=rerender> re-render with today's configuration (new document id)"
                + "</span></label><label><span><input type=checkbox name=force> also documents the client accepted"
                + "</span></label>";
    }

    private static String input(String name, String label, Request r) {
        return "<label>" + esc(label) + "<input name=" + name + " value=\"" + esc(r.p(name)) + "\"></label>";
    }

    private static String date(String name, String label, Request r) {
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
        return t == null ? "" : nl.edigate.cli.MessagesCommand.TIME.format(t);
    }

    private static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private void document(Request r, String id) throws IOException {
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
        if (isOperator(r)) {
            Resender.Item decision = Resender.decide(d, true);
            b.append("<h2>Resend</h2>");
            if (d.status() == DocumentStatus.READY || d.status() == DocumentStatus.SENDING
                    || d.status() == DocumentStatus.SUPERSEDED) {
                b.append("<p class=note>Not possible: ").append(esc(decision.why())).append(".</p>");
            } else {
                b.append("<form method=post action=/resend/preview>").append(csrfField(r))
                        .append("<input type=hidden name=ids value=\"").append(d.pk()).append("\">")
                        .append(resendFields()).append("<button class=primary type=submit>Preview</button></form>");
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
        b.append("<h2>Payload</h2><pre>").append(esc(ShowCommand.pretty(d.payload()))).append("</pre>");
        page(r, 200, "Document #" + d.pk(), b.toString());
    }

    private static void dl(StringBuilder b, String term, Object value) {
        b.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    private void runs(Request r) throws IOException {
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

    private void run(Request r, String id) throws IOException {
        Optional<Ledger.Run> run = id.matches("[0-9]{1,18}") ? ledger.run(Long.parseLong(id)) : Optional.empty();
        if (run.isEmpty()) {
            page(r, 404, "Not found", "<p>No run " + esc(id) + ".</p>");
            return;
        }
        page(r, 200, "Run " + id, "<h1>Run " + esc(id) + " (" + esc(run.get().kind()) + ")</h1><pre>"
                + esc(run.get().report() == null ? "still running" : run.get().report()) + "</pre>");
    }

    // ---- resend

    private void resend(Request r, boolean confirm) throws IOException {
        if (!isOperator(r)) {
            LOG.warn("console: resend by {} refused: viewers may not resend", r.session().user());
            page(r, 403, "Not allowed", "<p class=error>Viewers may look, not resend.</p>");
            return;
        }
        String reason = r.p("reason");
        if (reason == null) {
            page(r, 400, "Reason needed", "<p class=error>A resend needs a reason; it is recorded.</p>");
            return;
        }
        boolean rerender = r.p("rerender") != null;
        boolean force = r.p("force") != null;
        List<Long> pks = selection(r);
        Clock clock = Clock.systemDefaultZone();
        Resender resender = new Resender(ledger, new OrderIntake(config, ledger, clock), new ProjectIntake(config, ledger, clock));
        List<Resender.Item> plan = resender.plan(pks, force);
        long going = plan.stream().filter(Resender.Item::go).count();
        if (!confirm) {
            StringBuilder b = new StringBuilder("<h1>Resend: preview</h1><p>").append(going).append(" of ").append(plan.size())
                    .append(" document(s) will go out ").append(rerender ? "re-rendered under new document ids" : "as sent")
                    .append(". Reason: <b>").append(esc(reason)).append("</b></p><table><tr><th>#</th><th>Business key</th>"
                            + "<th>Status</th><th>Will</th></tr>");
            for (Resender.Item i : plan.subList(0, Math.min(plan.size(), 200))) {
                b.append("<tr><td>").append(i.doc().pk()).append("</td><td>").append(esc(i.doc().businessKey()))
                        .append("</td><td>").append(i.doc().status()).append("</td><td>")
                        .append(i.go() ? "go out" : "stay: " + esc(i.why())).append("</td></tr>");
            }
            b.append("</table>").append(plan.size() > 200 ? "<p class=note>... and " + (plan.size() - 200) + " more</p>" : "");
            b.append("<form method=post action=/resend/confirm>").append(csrfField(r));
            r.params().forEach((k, v) -> {
                if (!k.equals("csrf")) {
                    b.append("<input type=hidden name=\"").append(esc(k)).append("\" value=\"").append(esc(v)).append("\">");
                }
            });
            b.append("<button class=\"primary danger\" type=submit").append(going == 0 ? " disabled" : "")
                    .append(">Resend ").append(going).append(" document(s) now</button></form>");
            page(r, 200, "Resend preview", b.toString());
            return;
        }
        String user = "console:" + r.session().user().name();
        long runId = ledger.startRun("resend");
        Resender.Outcome o = resender.execute(plan, rerender ? Resender.Mode.RERENDER : Resender.Mode.AS_SENT, reason,
                user, force, "console: " + pks.size() + " document(s)", runId, p -> { });
        ledger.finishRun(runId, 0, "resend " + o.resendId() + " by " + user);
        LOG.info("console: resend {} by {}: {} queued, {} re-rendered, {} refused", o.resendId(), user, o.queued(),
                o.rerendered(), o.refused());
        RunReport report = runtime.nightlyRun().deliverOnly();
        StringBuilder b = new StringBuilder("<h1>Resend ").append(o.resendId()).append("</h1><p class=")
                .append(report.exitCode() == 0 ? "ok" : "error").append(">").append(o.queued() + o.rerendered())
                .append(" document(s) went out (").append(o.queued()).append(" as sent, ").append(o.rerendered())
                .append(" re-rendered), ").append(o.refused()).append(" not resent.</p>");
        for (String p : o.problems()) {
            b.append("<p class=error>").append(esc(p)).append("</p>");
        }
        b.append("<h2>Delivery</h2><pre>").append(esc(report.toText())).append("</pre>");
        if (pks.size() == 1) {
            b.append("<p><a href=\"/documents/").append(pks.get(0)).append("\">back to the document</a></p>");
        }
        page(r, 200, "Resend", b.toString());
    }

    private List<Long> selection(Request r) {
        if (r.p("ids") != null) {
            List<Long> pks = new ArrayList<>();
            for (String s : r.p("ids").split(",")) {
                ledger.findByIdOrDocumentId(s.trim()).ifPresent(d -> pks.add(d.pk()));
            }
            return pks;
        }
        Map<String, String> f = new LinkedHashMap<>();
        r.params().forEach((k, v) -> {
            if (k.startsWith("f_")) {
                f.put(k.substring(2), v);
            }
        });
        if (f.isEmpty()) {
            return List.of(); // never "everything" by accident
        }
        return ledger.findIds(filter(new Request(r.ex(), r.method(), r.path(), f, r.session())));
    }

    // ---- plumbing

    private static boolean isOperator(Request r) {
        return r.session().user().role() == ConsoleSettings.Role.OPERATOR;
    }

    private static String csrfField(Request r) {
        return "<input type=hidden name=csrf value=\"" + esc(r.session().csrf()) + "\">";
    }

    private void page(Request r, int status, String title, String body) throws IOException {
        send(r.ex(), status, "text/html; charset=utf-8", layout(title, r, body));
    }

    private static String layout(String title, Request r, String body) {
        StringBuilder b = new StringBuilder("<!doctype html><html lang=en><head><meta charset=utf-8><title>")
                .append(esc(title)).append(" – edigate</title><meta name=viewport content=\"width=device-width\"><style>")
                .append(Html.STYLE).append("</style></head><body>");
        if (r != null) {
            b.append("<header><span class=brand>edigate</span><a href=\"/\">Overview</a><a href=\"/documents\">Documents</a>")
                    .append("<a href=\"/documents?overdue=on\">Overdue</a><a href=\"/runs\">Runs</a><span class=who>")
                    .append(esc(r.session().user().name())).append(" (").append(r.session().user().role().name().toLowerCase())
                    .append(") <form method=post action=/logout>").append(csrfField(r))
                    .append("<button type=submit>Log out</button></form></span></header>");
        }
        return b.append("<main>").append(body).append("</main></body></html>").toString();
    }

    private void health(HttpExchange ex) throws IOException {
        try {
            ledger.scalar("SELECT COUNT(*) FROM gateway_run");
            send(ex, 200, "application/json", "{\"status\":\"UP\",\"ledger\":\"UP\"}");
        } catch (RuntimeException e) {
            send(ex, 503, "application/json", "{\"status\":\"DOWN\",\"ledger\":\"DOWN\"}");
        }
    }

    private static String cookie(HttpExchange ex) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(COOKIE + "=")) {
                    return p.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }

    private static Map<String, String> parse(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.merge(k, v, (a, b2) -> a + "," + b2);
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("X-Frame-Options", "DENY");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
