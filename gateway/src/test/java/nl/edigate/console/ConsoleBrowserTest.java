package nl.edigate.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.ClientSimulator;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver) against a running
 * `serve` with a real ledger and the client simulator: log in, find a failed document, resend it with a
 * reason, see it delivered; a viewer cannot resend; a request without a session is refused.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ConsoleBrowserTest {
    static final String OPERATOR_PASSWORD = "correct horse battery staple";
    static final String VIEWER_PASSWORD = "look but do not touch";

    @TempDir
    Path dir;

    static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver driver, String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** The page once it shows all these texts (navigation after a click is asynchronous). */
    static String page(WebDriver driver, String... texts) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            String source = d.getPageSource();
            for (String t : texts) {
                if (!source.contains(t)) {
                    return false;
                }
            }
            return true;
        });
        return driver.getPageSource();
    }

    static void login(WebDriver driver, String base, String user, String password) {
        driver.get(base + "/login");
        driver.findElement(By.name("user")).sendKeys(user);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        // the login answer (and its cookie) must be in before the next navigation
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "login page: " + driver.getPageSource())
                .until(d -> d.getPageSource().contains("<h1>Overview</h1>")
                || d.getPageSource().contains("Unknown user or wrong password"));
    }

    @Test
    void anOperatorResendsAFailedDocumentAViewerCannotAndNoSessionMeansNoAccess() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            GatewayConfig config = FailedNight.config(client);
            try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
                FailedNight.run(client, config, ledger);
                assertThat(ledger.documents("opdrachtgever", "ORDER_RESPONSE")).allMatch(d -> d.status() == DocumentStatus.FAILED);

                ConsoleSettings console = ConsoleSettings.from(new Settings("test", Map.of(
                        "console.port", "0",
                        "console.user.jansen", "operator:" + PasswordHash.hash(OPERATOR_PASSWORD.toCharArray()),
                        "console.user.pietersen", "viewer:" + PasswordHash.hash(VIEWER_PASSWORD.toCharArray()))));
                try (Serve serve = new Serve(config, ledger, console)) {
                    String base = "http://127.0.0.1:" + serve.consolePort();
                    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

                    // no session: a page sends you to the login, an action is refused
                    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/documents")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(anonymous.statusCode()).isEqualTo(302);
                    assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");
                    assertThat(anonymous.body()).doesNotContain("VO-1");
                    HttpResponse<String> anonymousPost = http.send(HttpRequest.newBuilder(URI.create(base + "/resend/confirm"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("ids=1&reason=x")).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(anonymousPost.statusCode()).isEqualTo(401);

                    WebDriver driver = chromium(dir.resolve("chromium"));
                    try {
                        driver.get(base + "/documents");
                        assertThat(driver.getCurrentUrl()).endsWith("/login");
                        login(driver, base, "jansen", "wrong password");
                        page(driver, "Unknown user or wrong password");

                        login(driver, base, "jansen", OPERATOR_PASSWORD);
                        page(driver, "Overview", "Waiting for a resend", "jansen (operator)");
                        // the session cookie is out of reach of scripts
                        assertThat(driver.manage().getCookieNamed("EDIGATE_SESSION").isHttpOnly()).isTrue();
                        assertThat(driver.manage().getCookieNamed("EDIGATE_SESSION").getSameSite()).isEqualTo("Strict");

                        driver.findElement(By.cssSelector("a[href='/documents?status=FAILED']")).click();
                        page(driver, "<h1>Documents</h1>", "VO-2");
                        assertThat(driver.findElements(By.cssSelector("table tr"))).hasSize(3);
                        screenshot(driver, "console-documents.png");

                        LedgerDocument target = ledger.documents("opdrachtgever", "ORDER_RESPONSE").get(0);
                        driver.findElement(By.linkText(Long.toString(target.pk()))).click();
                        page(driver, target.documentId(), "badge s-FAILED", target.lastError().substring(0, 20));
                        screenshot(driver, "console-document.png");

                        driver.findElement(By.name("reason")).sendKeys("the client's disk has room again");
                        driver.findElement(By.xpath("//button[text()='Preview']")).click();
                        page(driver, "1 of 1 document(s) will go out as sent", "go out");
                        assertThat(ledger.resendHistory(target.pk())).isEmpty(); // a preview changes nothing
                        driver.findElement(By.xpath("//button[starts-with(text(),'Resend 1')]")).click();
                        page(driver, "1 of 1 resent document(s) delivered, 0 failed", "1 queued as sent");

                        driver.get(base + "/documents/" + target.pk());
                        page(driver, "badge s-SENT", "console:jansen", "the client's disk has room again");
                        assertThat(ledger.document(target.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
                        assertThat(client.sftp().importedDir().resolve(target.remoteName() == null
                                ? ledger.document(target.pk()).orElseThrow().remoteName() : target.remoteName())).exists();
                        assertThat(ledger.resendHistory(target.pk())).singleElement()
                                .satisfies(r -> assertThat(r.osUser()).isEqualTo("console:jansen"));

                        driver.findElement(By.xpath("//button[text()='Log out']")).click();
                        page(driver, "<h1>edigate console</h1>");
                        assertThat(driver.getCurrentUrl()).endsWith("/login");

                        // a viewer sees, but has no resend, and a forged resend is refused
                        login(driver, base, "pietersen", VIEWER_PASSWORD);
                        LedgerDocument other = ledger.documents("opdrachtgever", "ORDER_RESPONSE").get(1);
                        driver.get(base + "/documents/" + other.pk());
                        assertThat(page(driver, other.documentId(), "pietersen (viewer)")).doesNotContain("Preview");
                        String cookie = "EDIGATE_SESSION=" + driver.manage().getCookieNamed("EDIGATE_SESSION").getValue();
                        String csrf = driver.findElement(By.name("csrf")).getAttribute("value");
                        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/resend/confirm"))
                                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("ids=" + other.pk() + "&reason=x&csrf=" + csrf))
                                .build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(forged.statusCode()).isEqualTo(403);
                        assertThat(ledger.resendHistory(other.pk())).isEmpty();
                        assertThat(ledger.document(other.pk()).orElseThrow().status()).isEqualTo(DocumentStatus.FAILED);
                        // and a form from elsewhere (no CSRF token) is refused even with a session
                        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(crossSite.statusCode()).isEqualTo(403);
                    } finally {
                        driver.quit();
                    }

                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(health.statusCode()).isEqualTo(200);
                    // a document FAILED: the gateway is up, and says what needs attention
                    assertThat(health.body()).contains("\"status\":\"DEGRADED\"", "\"ledger\":\"UP\"",
                            "\"lastNightlyRun\":{\"id\":", "\"channelLastReachedAt\":\"", "\"kind\":\"DELIVERY_RETRYING\"");
                    for (String probe : List.of("/health/live", "/health/ready")) {
                        HttpResponse<String> p = http.send(HttpRequest.newBuilder(URI.create(base + probe)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(p.statusCode()).as(probe).isEqualTo(200);
                        assertThat(p.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
                    }
                    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(metrics.body()).contains(
                            "edigate_documents{client=\"opdrachtgever\",status=\"SENT\",type=\"ORDER_RESPONSE\"} 1.0",
                            "edigate_documents{client=\"opdrachtgever\",status=\"FAILED\",type=\"ORDER_RESPONSE\"} 1.0",
                            // a series for every combination stays, at zero when nothing is in it
                            "edigate_documents{client=\"opdrachtgever\",status=\"REJECTED\",type=\"PROGRESS_REPORT\"} 0.0",
                            "edigate_delivery_latency_seconds_count 1", "edigate_delivery_latency_seconds_bucket",
                            "edigate_delivery_attempts_failed_total 1.0", "edigate_runs_total",
                            "edigate_last_run_duration_seconds", "edigate_last_run_timestamp_seconds",
                            "edigate_records_rejected_total{type=\"ORDER_RESPONSE\"}", "edigate_files_set_aside_total 0.0",
                            "# TYPE edigate_documents gauge",
                            "# TYPE edigate_delivery_latency_seconds histogram");
                    // and Camel's own route metrics, in the same registry (not on the per-document delivery routes:
                    // measured too dear there; the figures above measure delivery)
                    assertThat(metrics.body().lines().filter(l -> l.startsWith("camel_")
                            && l.contains("routeId=\"acknowledgement-schedule\""))).isNotEmpty();
                    assertThat(metrics.body().lines().filter(l -> l.startsWith("camel_")
                            && l.contains("routeId=\"deliver-sftp-opdrachtgever\""))).isEmpty();
                    // counters only go up: a second scrape counts the same delivery once
                    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(again.body()).contains("edigate_delivery_latency_seconds_count 1\n");
                }
            }
        }
    }
}
