package nl.edigate.console;

import static nl.edigate.console.Html.esc;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
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
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Display;
import nl.edigate.operators.FilterParser;
import nl.edigate.operators.Resender;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;
import nl.edigate.text.Printable;

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
    /**
     * The JDK server reads a request on a worker thread: a handful of slow clients once held all four
     * workers and took /health down. Enough workers that a few slow clients cannot starve the rest,
     * and (below) a bounded time for reading a request and for writing an answer.
     */
    private final ExecutorService executor = Executors.newFixedThreadPool(64, r -> {
        Thread t = new Thread(r, "console");
        t.setDaemon(true);
        return t;
    });
    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());
    private final ResendJobs resends = new ResendJobs(Clock.systemUTC());
    /** Checked for an unknown user too, so that a refusal takes as long whether the user exists or not. */
    private static final String NO_SUCH_USER = PasswordHash.hash(Sessions.token().toCharArray());
    private static final String LOGIN_COOKIE = "EDIGATE_LOGIN";

    static {
        // read once, when the JDK's server classes load: seconds to read a whole request, to write an answer
        setIfAbsent("sun.net.httpserver.maxReqTime", "10");
        setIfAbsent("sun.net.httpserver.maxRspTime", "60");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

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
        resends.close();
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
            // a POST's fields (the CSRF token among them) come from its body only, never from the query
            Map<String, String> params = "POST".equals(method)
                    ? parse(new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8))
                    : parse(ex.getRequestURI().getRawQuery());
            if (path.equals("/health")) {
                health(ex);
                return;
            }
            if (path.equals("/metrics")) {
                send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", Metrics.render(ledger));
                return;
            }
            if (path.equals("/favicon.ico")) {
                send(ex, 404, "text/plain", "");
                return;
            }
            if (path.equals("/login")) {
                if ("POST".equals(method)) {
                    login(ex, params);
                } else {
                    loginPage(ex, 200, null);
                }
                return;
            }
            Optional<Sessions.Session> session = sessions.find(cookie(ex, COOKIE));
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
                LOG.warn("console: {} {} by {} refused: missing or wrong CSRF token", method, Printable.of(path),
                        r.session().user());
                send(ex, 403, "text/plain", "refused: the form is not from this console (CSRF token)");
                return;
            }
            try {
                route(r);
            } catch (FilterParser.BadParameter e) {
                page(r, 400, "Bad parameter", "<p class=error>" + esc(e.getMessage()) + "</p>");
            }
        } catch (RuntimeException e) {
            // the user learns that it failed, the log why; never SQL or a stack trace in a page
            LOG.warn("console: {} failed: {}", Printable.of(ex.getRequestURI().getPath()), Printable.of(e.toString()));
            LOG.debug("console failure", e);
            send(ex, 500, "text/plain", "the console could not do that; the gateway's log says why");
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
        } else if (path.startsWith("/resend/jobs/") && r.method().equals("GET")) {
            job(r, path.substring("/resend/jobs/".length()));
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

    /** The login form carries a token that matches a cookie set with it: a login cannot be forged cross-site. */
    private void loginPage(HttpExchange ex, int status, String error) throws IOException {
        // kept while the browser has one: a second login page (another tab, a redirect) must not void the first
        String token = cookie(ex, LOGIN_COOKIE);
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            token = Sessions.token();
        }
        ex.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict");
        String body = "<div class=login><h1>edigate console</h1>"
                + (error == null ? "" : "<p class=error>" + esc(error) + "</p>")
                + (settings.users().isEmpty() ? "<p class=error>No console users are configured"
                        + " (console.user.NAME in the gateway settings, hashes from `edigate hash-password`).</p>" : "")
                + "<form method=post action=/login><input type=hidden name=csrf value=\"" + esc(token) + "\">"
                + "<label>User<input name=user autocomplete=username autofocus></label>"
                + "<label>Password<input name=password type=password autocomplete=current-password></label>"
                + "<button class=primary type=submit>Log in</button></form></div>";
        send(ex, status, "text/html; charset=utf-8", layout("Log in", null, body));
    }

    private void login(HttpExchange ex, Map<String, String> params) throws IOException {
        String expected = cookie(ex, LOGIN_COOKIE);
        String token = params.get("csrf");
        if (expected == null || token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("console: login refused: the form is not from this console (CSRF token)");
            loginPage(ex, 403, "The login form was not from this console; please log in again.");
            return;
        }
        String name = params.getOrDefault("user", "");
        String shown = Printable.of(name, 64);
        String address = ex.getRemoteAddress().getAddress().getHostAddress();
        Duration wait = throttle.waitFor(name, address);
        if (!wait.isZero()) {
            LOG.warn("console: login for '{}' from {} refused without a look: too many failed logins, {} s to wait",
                    shown, address, wait.toSeconds() + 1);
            ex.getResponseHeaders().add("Retry-After", Long.toString(wait.toSeconds() + 1));
            loginPage(ex, 429, "Too many failed logins: try again in " + (wait.toSeconds() + 1) + " seconds.");
            return;
        }
        ConsoleSettings.User user = settings.users().get(name);
        String password = params.getOrDefault("password", "");
        // the same work for a user that does not exist: the answer's time does not tell which users do
        boolean ok = PasswordHash.verify(password.toCharArray(), user == null ? NO_SUCH_USER : user.hash()) && user != null;
        if (!ok) {
            int failures = throttle.failed(name, address);
            LOG.warn("console: failed login for '{}' from {} ({} in a row)", shown, address, failures);
            loginPage(ex, 401, "Unknown user or wrong password.");
            return;
        }
        throttle.succeeded(name, address);
        Sessions.Session s = sessions.open(user);
        LOG.info("console: {} logged in from {}", user, address);
        ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict");
        ex.getResponseHeaders().add("Location", "/");
        send(ex, 303, "text/plain", "welcome");
    }

    private boolean csrfOk(Request r) {
        String token = r.params().get("csrf");
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
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
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : FilterParser.FIELDS) {
            if (r.p(k) != null) {
                values.put(k, r.p(k));
            }
        }
        return parser().parse(values, List.of());
    }

    private FilterParser parser() {
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        return new FilterParser(clients, List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE),
                Clock.systemDefaultZone(), field -> field);
    }

    private static final List<String> FILTERS = FilterParser.FIELDS;

    private void documents(Request r) throws IOException {
        DocumentFilter f = filter(r);
        int page = parser().number("page", r.p("page"), 0, 0, 1_000_000);
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
        return t == null ? "" : Display.TIME.format(t);
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
        b.append("<h2>Payload</h2><pre>").append(esc(Display.pretty(d.payload()))).append("</pre>");
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
        if (confirm) {
            confirm(r);
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
        List<Resender.Item> plan = resender().plan(pks, force);
        long going = plan.stream().filter(Resender.Item::go).count();
        // the confirmation carries out exactly what this preview shows, once
        String token = resends.offer(new ResendJobs.Plan(r.session().id(), pks, rerender, force, reason,
                "console: " + pks.size() + " document(s)", Instant.now()));
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
        b.append("<form method=post action=/resend/confirm>").append(csrfField(r))
                .append("<input type=hidden name=token value=\"").append(esc(token)).append("\">")
                .append("<button class=\"primary danger\" type=submit").append(going == 0 ? " disabled" : "")
                .append(">Resend ").append(going).append(" document(s) now</button></form>");
        page(r, 200, "Resend preview", b.toString());
    }

    private Resender resender() {
        Clock clock = Clock.systemDefaultZone();
        return new Resender(ledger, new OrderIntake(config, ledger, clock), new ProjectIntake(config, ledger, clock));
    }

    /** Takes the preview's one-time token, starts the resend in the background, and sends the browser to it. */
    private void confirm(Request r) throws IOException {
        Optional<ResendJobs.Plan> taken = resends.take(r.p("token"), r.session().id());
        if (taken.isEmpty()) {
            LOG.warn("console: a resend confirmation by {} came again or late: nothing resent", r.session().user());
            page(r, 409, "Already done", "<p class=error>This resend was already confirmed, or its preview is older than"
                    + " 30 minutes: nothing was sent again.</p><p><a href=\"/runs\">See the runs</a> for what went out.</p>");
            return;
        }
        ResendJobs.Plan plan = taken.get();
        String user = "console:" + r.session().user().name();
        ResendJobs.Job job = resends.start(user, progress -> carryOut(plan, user, progress));
        r.ex().getResponseHeaders().add("Location", "/resend/jobs/" + job.id);
        send(r.ex(), 303, "text/plain", "resend started");
    }

    private ResendJobs.Outcome carryOut(ResendJobs.Plan plan, String user, Consumer<String> progress) {
        Resender resender = resender();
        long runId = ledger.startRun("resend");
        progress.accept("preparing " + plan.pks().size() + " document(s)");
        Resender.Outcome o = resender.execute(resender.plan(plan.pks(), plan.force()),
                plan.rerender() ? Resender.Mode.RERENDER : Resender.Mode.AS_SENT, plan.reason(), user, plan.force(),
                plan.selection(), runId, progress::accept);
        ledger.finishRun(runId, 0, "resend " + o.resendId() + " by " + user);
        LOG.info("console: resend {} by {}: {} queued, {} re-rendered, {} refused", o.resendId(), user, o.queued(),
                o.rerendered(), o.refused());
        progress.accept("delivering");
        RunReport report = runtime.nightlyRun().deliverOnly(progress::accept);
        StringBuilder b = new StringBuilder("<h1>Resend ").append(o.resendId()).append("</h1><p class=")
                .append(report.exitCode() == 0 ? "ok" : "error").append(">").append(o.queued() + o.rerendered())
                .append(" document(s) went out (").append(o.queued()).append(" as sent, ").append(o.rerendered())
                .append(" re-rendered), ").append(o.refused()).append(" not resent.</p>");
        for (String p : o.problems()) {
            b.append("<p class=error>").append(esc(p)).append("</p>");
        }
        b.append("<h2>Delivery</h2><pre>").append(esc(report.toText())).append("</pre>");
        if (plan.pks().size() == 1) {
            b.append("<p><a href=\"/documents/").append(plan.pks().get(0)).append("\">back to the document</a></p>");
        }
        return new ResendJobs.Outcome(report.exitCode() == 0, b.toString());
    }

    /** A resend's page: its progress while it runs (the page reloads itself), then its result. */
    private void job(Request r, String id) throws IOException {
        Optional<ResendJobs.Job> job = id.matches("[0-9]{1,18}") ? resends.job(Long.parseLong(id)) : Optional.empty();
        if (job.isEmpty()) {
            page(r, 404, "Not found", "<p>No resend " + esc(id) + " in this console's memory.</p>");
            return;
        }
        ResendJobs.Job j = job.get();
        if (!j.done()) {
            r.ex().getResponseHeaders().add("Refresh", "1");
            page(r, 200, "Resend running", "<h1>Resend running</h1><p class=note>" + esc(j.progress)
                    + " (started by " + esc(j.user) + "; this page reloads itself)</p>");
            return;
        }
        page(r, 200, "Resend", j.result);
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
            ledger.runCount();
            send(ex, 200, "application/json", "{\"status\":\"UP\",\"ledger\":\"UP\"}");
        } catch (RuntimeException e) {
            send(ex, 503, "application/json", "{\"status\":\"DOWN\",\"ledger\":\"DOWN\"}");
        }
    }

    private static String cookie(HttpExchange ex, String name) {
        for (String header : ex.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String p = part.trim();
                if (p.startsWith(name + "=")) {
                    return p.substring(name.length() + 1);
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
