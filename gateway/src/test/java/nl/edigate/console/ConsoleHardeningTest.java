package nl.edigate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.ClientSimulator;

/**
 * The console against what a hostile or careless browser does: slow clients, filters it does not
 * understand, a confirmation submitted twice, tokens in the wrong place, guessed passwords.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ConsoleHardeningTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("name=\"token\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private ClientSimulator client;
    private Ledger ledger;
    private Serve serve;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws Exception {
        client = ClientSimulator.start(dir.resolve("sim"));
        GatewayConfig config = FailedNight.config(client);
        ledger = new Ledger(config.jdbcUrl(), "edigate", "");
        FailedNight.run(client, config, ledger);
        ConsoleSettings console = ConsoleSettings.from(new Settings("test", Map.of("console.port", "0",
                "console.user.jansen", "operator:" + PasswordHash.hash(PASSWORD.toCharArray()))));
        serve = new Serve(config, ledger, console);
        base = "http://127.0.0.1:" + serve.consolePort();
    }

    @AfterEach
    void stop() {
        serve.close();
        ledger.close();
        client.close();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(String... kv) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(sb.length() == 0 ? "" : "&").append(URLEncoder.encode(kv[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static String cookieOf(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=") && !c.startsWith(name + "=;"))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static String group(Pattern p, String body) {
        Matcher m = p.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> tryLogin(String user, String password) throws Exception {
        HttpResponse<String> page = get("/login", null);
        String loginCookie = cookieOf(page, "EDIGATE_LOGIN");
        return post("/login", loginCookie, form("user", user, "password", password, "csrf", group(CSRF, page.body())));
    }

    /** Logs in; returns the session cookie. */
    private String login() throws Exception {
        HttpResponse<String> r = tryLogin("jansen", PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return cookieOf(r, "EDIGATE_SESSION");
    }

    @Test
    void sixtyFourCrawlingRequestBodiesNeitherTakeTheWorkersNorHealth() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // no login needed: POST /login announcing 5000 bytes and sending the first few only
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket("127.0.0.1", serve.consolePort());
                OutputStream out = s.getOutputStream();
                out.write(("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        + "Content-Length: 5000\r\n\r\nuser=").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(s);
            }
            // the workers are not waiting on them: health answers at once, throughout
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/health/live")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(live.statusCode()).isEqualTo(200);
                for (Socket s : slow) {
                    s.getOutputStream().write('x'); // one more byte each: still far too slow
                }
            }
            // and a crawling body is ended by the server (its idle time), the form never taken as a login
            Socket first = slow.get(0);
            first.setSoTimeout(60_000);
            InputStream in = first.getInputStream();
            StringBuilder status = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                status.append((char) c);
            }
            assertThat(status.toString()).as("the server's answer to the crawling request")
                    .matches(l -> l.isEmpty() || l.matches("HTTP/1\\.1 (4|5)\\d\\d.*\\s*"));
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aPostWithABodyThatIsNoFormIsRefusedNotAnError() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "multipart/form-data; boundary=broken")
                .POST(HttpRequest.BodyPublishers.ofString("--broken\r\nContent-Disposition: form-data; name=\"user\"\r\n"
                        + "\r\njansen")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.body()).contains("forms only");
    }

    @Test
    void slowClientsHeldOpenDoNotStarveHealthAndAreCutOff() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket s = new Socket("127.0.0.1", serve.consolePort());
                OutputStream out = s.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)); // never finished
                out.flush();
                slow.add(s);
            }
            for (int i = 0; i < 4; i++) {
                slow.add(new Socket("127.0.0.1", serve.consolePort())); // silent
            }
            HttpResponse<String> health = get("/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            // the server ends a request that does not arrive within its time-out (10 s), without an answer
            Socket first = slow.get(0);
            first.setSoTimeout(60_000);
            InputStream in = first.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aFilterValueTheConsoleDoesNotKnowIsA400NeverEverything() throws Exception {
        String session = login();
        for (String q : List.of("status=FAILD", "run=1x", "createdFrom=2026-02-30", "page=99999999999", "type=ORDERS",
                "client=nobody", "page=-1")) {
            HttpResponse<String> r = get("/documents?" + q, session);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.body()).as(q).contains(q.substring(0, q.indexOf('='))).doesNotContainIgnoringCase("select ");
        }
        // whatever comes back from the browser is shown as text, in a field's value as in a message
        String hostile = "\"><script>alert(1)</script>";
        HttpResponse<String> echoed = get("/documents?key=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8), session);
        assertThat(echoed.statusCode()).isEqualTo(200);
        // in an attribute the quote cannot close it, nor a tag begin
        assertThat(echoed.body()).doesNotContain("<script>").contains("value=\"&#34;>&lt;script>alert(1)&lt;/script>\"");
        HttpResponse<String> refused = get("/documents?status=" + URLEncoder.encode(hostile, StandardCharsets.UTF_8), session);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("<script>").contains("&lt;script&gt;");
        // lower case is the same status, not nothing
        HttpResponse<String> lower = get("/documents?status=failed", session);
        assertThat(lower.statusCode()).isEqualTo(200);
        assertThat(lower.body()).contains("VO-1", "VO-2");

        // and a resend of a selection with a misspelt status previews an error, not every document
        String csrf = group(CSRF, get("/documents", session).body());
        HttpResponse<String> preview = post("/resend/preview", session, form("csrf", csrf, "f_status", "ACCEPTD",
                "reason", "x", "force", "on"));
        assertThat(preview.statusCode()).isEqualTo(400);
        assertThat(preview.body()).contains("status 'ACCEPTD' is not one of").doesNotContain("<script");

        // a misspelt key, or a key with nothing in it, is never "every document"
        HttpResponse<String> unknownKey = post("/resend/preview", session, form("csrf", csrf, "f_stat", "FAILED",
                "reason", "x", "force", "on"));
        assertThat(unknownKey.statusCode()).isEqualTo(400);
        assertThat(unknownKey.body()).contains("stat is not a filter");
        HttpResponse<String> emptyValue = post("/resend/preview", session, form("csrf", csrf, "f_status", "",
                "reason", "x", "force", "on"));
        assertThat(emptyValue.statusCode()).isEqualTo(400);
        assertThat(emptyValue.body()).contains("status is empty");
        HttpResponse<String> unknownOnPage = get("/documents?stat=FAILED", session);
        assertThat(unknownOnPage.statusCode()).isEqualTo(400);
        assertThat(unknownOnPage.body()).contains("stat is not a filter");
        // the page's own form sends its empty fields: those filter nothing
        assertThat(get("/documents?status=&client=&key=&page=0", session).statusCode()).isEqualTo(200);
    }

    @Test
    void aConfirmedResendSubmittedAgainDoesNotResend() throws Exception {
        String session = login();
        LedgerDocument doc = ledger.documents("opdrachtgever", "ORDER_RESPONSE").get(0);
        String csrf = group(CSRF, get("/documents/" + doc.pk(), session).body());
        HttpResponse<String> preview = post("/resend/preview", session, form("csrf", csrf, "ids",
                Long.toString(doc.pk()), "reason", "disk has room"));
        assertThat(preview.statusCode()).isEqualTo(200);
        String confirmForm = form("csrf", csrf, "token", group(TOKEN, preview.body()));

        HttpResponse<String> first = post("/resend/confirm", session, confirmForm);
        assertThat(first.statusCode()).isEqualTo(303);
        String job = first.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> again = post("/resend/confirm", session, confirmForm);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("nothing was sent again");

        // the job's page reloads itself until the resend is done (the event the test waits for)
        HttpResponse<String> result = get(job, session);
        while (result.headers().firstValue("Refresh").isPresent()) {
            result = get(job, session);
        }
        assertThat(result.body()).contains("1 of 1 resent document(s) delivered, 0 failed; 0 not resent (exit code 0)",
                "1 queued as sent");
        assertThat(ledger.resendHistory(doc.pk())).hasSize(1);
        assertThat(ledger.document(doc.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
    }

    @Test
    void theCsrfTokenCountsOnlyInTheFormBodyAndTheLoginFormHasOne() throws Exception {
        String session = login();
        String csrf = group(CSRF, get("/documents", session).body());
        HttpResponse<String> inQuery = post("/logout?csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8), session, "");
        assertThat(inQuery.statusCode()).isEqualTo(403);
        assertThat(post("/logout", session, form("csrf", csrf)).statusCode()).isEqualTo(303);

        // a login form posted from elsewhere (no token, or a token without its cookie) is refused
        assertThat(post("/login", null, form("user", "jansen", "password", PASSWORD)).statusCode()).isEqualTo(403);
        String token = group(CSRF, get("/login", null).body());
        assertThat(post("/login", null, form("user", "jansen", "password", PASSWORD, "csrf", token)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void unknownUsersTakeAsLongAsKnownOnesAndGuessingIsBraked() throws Exception {
        long known = Long.MAX_VALUE;
        long unknown = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) {
            long t = System.nanoTime();
            assertThat(tryLogin("jansen", "wrong").statusCode()).isEqualTo(401);
            known = Math.min(known, System.nanoTime() - t);
            t = System.nanoTime();
            assertThat(tryLogin("nobody" + i, "wrong").statusCode()).isEqualTo(401);
            unknown = Math.min(unknown, System.nanoTime() - t);
        }
        // before the fix an unknown user was refused about 20 times faster
        assertThat(unknown * 4).as("unknown %d ns, known %d ns", unknown, known).isGreaterThan(known);

        // the fifth failure from this address: from now on each try first waits, and is told so
        assertThat(tryLogin("jansen", "wrong again").statusCode()).isEqualTo(401);
        HttpResponse<String> braked = tryLogin("jansen", PASSWORD);
        assertThat(braked.statusCode()).isEqualTo(429);
        assertThat(braked.headers().firstValue("Retry-After")).isPresent();
        assertThat(braked.body()).contains("Too many failed logins");
    }
}
