package nl.edigate.console;

import static nl.edigate.console.Html.esc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.FilterParser;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.text.Printable;

/**
 * The operators' web console, served by `serve`: run reports, the documents with the filters of
 * `messages`, a document page, resend with reason and preview, the overdue acknowledgements, and
 * /health and /metrics for monitoring. Server-rendered pages; a session cookie (HttpOnly,
 * SameSite=Strict) after login; every form that changes something carries the session's CSRF token.
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);

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
    private final LoginPages login;
    private final DocumentPages pages;
    private final ResendPages resend;
    private final Metrics metrics;

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
        ConsoleFilters filters = new ConsoleFilters(config);
        this.login = new LoginPages(settings, sessions);
        this.pages = new DocumentPages(ledger, filters);
        this.resend = new ResendPages(config, ledger, runtime, filters);
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        this.metrics = new Metrics(runtime.meters(), ledger, clients, List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE),
                Clock.systemUTC());
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
        resend.close();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            // a POST's fields (the CSRF token among them) come from its body only, never from the query
            Map<String, String> params = "POST".equals(method)
                    ? Exchanges.parse(new String(ex.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8))
                    : Exchanges.parse(ex.getRequestURI().getRawQuery());
            if (path.equals("/health")) {
                health(ex);
                return;
            }
            if (path.equals("/metrics")) {
                Exchanges.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape());
                return;
            }
            if (path.equals("/favicon.ico")) {
                Exchanges.send(ex, 404, "text/plain", "");
                return;
            }
            if (path.equals("/login")) {
                if ("POST".equals(method)) {
                    login.login(ex, params);
                } else {
                    login.loginPage(ex, 200, null);
                }
                return;
            }
            Optional<Sessions.Session> session = sessions.find(Exchanges.cookie(ex, LoginPages.SESSION_COOKIE));
            if (session.isEmpty()) {
                // refused: a page sends the browser to the login, anything else gets 401
                if ("GET".equals(method)) {
                    ex.getResponseHeaders().add("Location", "/login");
                    Exchanges.send(ex, 302, "text/plain", "login required");
                } else {
                    Exchanges.send(ex, 401, "text/plain", "login required");
                }
                return;
            }
            ConsoleRequest r = new ConsoleRequest(ex, method, path, params, session.get());
            if ("POST".equals(method) && !LoginPages.csrfOk(r)) {
                LOG.warn("console: {} {} by {} refused: missing or wrong CSRF token", method, Printable.of(path),
                        r.session().user());
                Exchanges.send(ex, 403, "text/plain", "refused: the form is not from this console (CSRF token)");
                return;
            }
            try {
                route(r);
            } catch (FilterParser.BadParameter e) {
                Html.page(r, 400, "Bad parameter", "<p class=error>" + esc(e.getMessage()) + "</p>");
            }
        } catch (RuntimeException e) {
            // the user learns that it failed, the log why; never SQL or a stack trace in a page
            LOG.warn("console: {} failed: {}", Printable.of(ex.getRequestURI().getPath()), Printable.of(e.toString()));
            LOG.debug("console failure", e);
            Exchanges.send(ex, 500, "text/plain", "the console could not do that; the gateway's log says why");
        }
    }

    /** The map of the console: which page answers which request. */
    private void route(ConsoleRequest r) throws IOException {
        String path = r.path();
        boolean get = r.method().equals("GET");
        boolean post = r.method().equals("POST");
        if (path.equals("/") && get) {
            pages.overview(r);
        } else if (path.equals("/documents") && get) {
            pages.documents(r);
        } else if (path.startsWith("/documents/") && get) {
            pages.document(r, path.substring("/documents/".length()));
        } else if (path.equals("/runs") && get) {
            pages.runs(r);
        } else if (path.startsWith("/runs/") && get) {
            pages.run(r, path.substring("/runs/".length()));
        } else if (path.equals("/resend/preview") && post) {
            resend.resend(r, false);
        } else if (path.equals("/resend/confirm") && post) {
            resend.resend(r, true);
        } else if (path.startsWith("/resend/jobs/") && get) {
            resend.job(r, path.substring("/resend/jobs/".length()));
        } else if (path.equals("/logout") && post) {
            login.logout(r);
        } else {
            Html.page(r, 404, "Not found", "<p>No such page.</p>");
        }
    }

    private void health(HttpExchange ex) throws IOException {
        try {
            ledger.runCount();
            Exchanges.send(ex, 200, "application/json", "{\"status\":\"UP\",\"ledger\":\"UP\"}");
        } catch (RuntimeException e) {
            Exchanges.send(ex, 503, "application/json", "{\"status\":\"DOWN\",\"ledger\":\"DOWN\"}");
        }
    }
}
