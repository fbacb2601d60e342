package nl.edigate.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.Context;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.FilterParser;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.service.Health;
import nl.edigate.text.Printable;

/**
 * The operators' web console, served by `serve` on Javalin (Jetty): run reports, the documents with the
 * filters of `messages`, a document page, resend with reason and preview, the overdue acknowledgements,
 * and /health and /metrics for monitoring. This class is the console's map: which request goes where,
 * and the checks before any page (session, CSRF). Pages are JTE templates ({@link Views}); the login,
 * sessions and CSRF tokens are {@link LoginPages} and {@link Sessions}.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** A request (headers and body) must arrive within this; a connection idle this long is closed. */
    private static final int IDLE_TIMEOUT_MS = 10_000;
    private static final String SESSION = "edigate.session";

    private final Ledger ledger;
    private final Sessions sessions = new Sessions();
    private final LoginPages login;
    private final DocumentPages pages;
    private final ResendPages resend;
    private final Metrics metrics;
    private final Health health;
    private final Javalin app;

    public ConsoleServer(ConsoleSettings settings, GatewayConfig config, Ledger ledger, GatewayRuntime runtime,
                         Health health) {
        this.ledger = ledger;
        this.health = health;
        ConsoleFilters filters = new ConsoleFilters(config);
        this.login = new LoginPages(settings, sessions);
        this.pages = new DocumentPages(ledger, filters);
        this.resend = new ResendPages(config, ledger, runtime, filters);
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        this.metrics = new Metrics(runtime.meters(), ledger, clients, List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE, InvoiceIntake.DOC_TYPE),
                Clock.systemUTC());
        // slow clients hold a connection, not a thread (Jetty reads asynchronously), and are cut after the idle time
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("console");
        threads.setDaemon(true);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.maxRequestSize = 64 * 1024;
            c.jetty.threadPool = threads;
            // a request's body is read without a worker, and the whole request must arrive within the idle time
            c.jetty.modifyServer(server -> RequestDeadline.install(server, Duration.ofMillis(IDLE_TIMEOUT_MS),
                    64 * 1024));
            c.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(settings.address());
                connector.setPort(settings.port());
                connector.setIdleTimeout(IDLE_TIMEOUT_MS);
                return connector;
            });
            c.routes.before(ConsoleServer::safeHeaders);
            c.routes.before(ConsoleServer::formsOnly);
            c.routes.get("/health", this::health);
            // the process answers: for a liveness probe (restart it when this fails)
            c.routes.get("/health/live", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
            // the ledger answers: for a readiness probe (send no work when this fails)
            c.routes.get("/health/ready", ctx -> {
                boolean ready = health.ready();
                ctx.status(ready ? 200 : 503).contentType("application/json")
                        .result("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}");
            });
            c.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
            c.routes.get("/favicon.ico", ctx -> ctx.status(404).result(""));
            c.routes.get("/login", ctx -> login.loginPage(ctx, 200, null));
            c.routes.post("/login", ctx -> login.login(ctx, ConsoleRequest.fields(ctx)));
            c.routes.before(this::requireSession);
            c.routes.get("/", ctx -> pages.overview(request(ctx)));
            c.routes.get("/documents", ctx -> pages.documents(request(ctx)));
            c.routes.get("/documents/{id}", ctx -> pages.document(request(ctx), ctx.pathParam("id")));
            c.routes.get("/runs", ctx -> pages.runs(request(ctx)));
            c.routes.get("/runs/{id}", ctx -> pages.run(request(ctx), ctx.pathParam("id")));
            c.routes.post("/resend/preview", ctx -> resend.resend(request(ctx), false));
            c.routes.post("/resend/confirm", ctx -> resend.resend(request(ctx), true));
            c.routes.get("/resend/jobs/{id}", ctx -> resend.job(request(ctx), ctx.pathParam("id")));
            c.routes.post("/logout", ctx -> login.logout(request(ctx)));
            c.routes.error(404, "*", ctx -> {
                if (ctx.attribute(SESSION) != null) {
                    request(ctx).message(404, "Not found", "No such page.", false);
                }
            });
            c.routes.exception(FilterParser.BadParameter.class,
                    (e, ctx) -> request(ctx).message(400, "Bad parameter", e.getMessage(), true));
            c.routes.exception(Exception.class, (e, ctx) -> {
                // the user learns that it failed, the log why; never SQL or a stack trace in a page
                LOG.warn("console: {} failed: {}", Printable.of(ctx.path()), Printable.of(e.toString()));
                LOG.debug("console failure", e);
                ctx.status(500).contentType("text/plain").result("the console could not do that; the gateway's log says why");
            });
        });
        app.start();
        LOG.info("console on http://{}:{}/ ({} user(s))", settings.address(), port(), settings.users().size());
    }

    private static void safeHeaders(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; form-action 'self'");
        ctx.header("Cache-Control", "no-store");
    }

    /**
     * The console's forms are URL-encoded; a POST with any other body (multipart, broken or not) is refused
     * before anything parses it.
     */
    private static void formsOnly(Context ctx) {
        String type = ctx.contentType();
        if ("POST".equals(ctx.method().name()) && (type == null
                || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))) {
            ctx.status(415).contentType("text/plain").result("the console takes forms only"
                    + " (application/x-www-form-urlencoded)");
            ctx.skipRemainingHandlers();
        }
    }

    /** Every page but the login, /health and /metrics needs a session; every POST its session's CSRF token. */
    private void requireSession(Context ctx) {
        String path = ctx.path();
        if (path.equals("/health") || path.equals("/health/live") || path.equals("/health/ready")
                || path.equals("/metrics") || path.equals("/favicon.ico") || path.equals("/login")) {
            return;
        }
        Optional<Sessions.Session> session = sessions.find(ctx.cookie(LoginPages.SESSION_COOKIE));
        boolean post = "POST".equals(ctx.method().name());
        if (session.isEmpty()) {
            // refused: a page sends the browser to the login, anything else gets 401
            if (post) {
                ctx.status(401).result("login required");
            } else {
                ctx.header("Location", "/login").status(302).result("login required");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        Map<String, String> fields = ConsoleRequest.fields(ctx);
        ConsoleRequest r = new ConsoleRequest(ctx, fields, session.get());
        if (post && !LoginPages.csrfOk(r)) {
            LOG.warn("console: POST {} by {} refused: missing or wrong CSRF token", Printable.of(path), r.session().user());
            ctx.status(403).contentType("text/plain").result("refused: the form is not from this console (CSRF token)");
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(SESSION, r);
    }

    private static ConsoleRequest request(Context ctx) {
        ConsoleRequest r = ctx.attribute(SESSION);
        if (r == null) {
            throw new IllegalStateException("no session for " + ctx.path());
        }
        return r;
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
        resend.close();
    }

    /** The state and its reasons (UP, DEGRADED or DOWN); 503 only when DOWN. */
    private void health(Context ctx) {
        var report = health.report();
        ctx.status(report.get("status").asText().equals("DOWN") ? 503 : 200).contentType("application/json")
                .result(report.toString());
    }
}
