package nl.edigate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.cli.MessagesCommand;
import nl.edigate.cli.ShowCommand;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.console.ConsoleSettings;
import nl.edigate.console.Serve;
import nl.edigate.console.Views;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;
import nl.edigate.text.Times;

/**
 * `serve` heals a night by itself. The client's SFTP server is down at the scheduled time: the night's
 * documents fail for a transient reason; serve retries them with back-off, on a clock the test moves,
 * and alerts once (mail over TLS with authentication to a real SMTP server, and a webhook); the server is
 * back ten minutes later and everything arrives, once, before the deadline, and the alert is resolved.
 * When the server stays away, the deadline-at-risk alert names the documents still undelivered.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class SelfHealingTest {
    private static final ConsoleSettings NO_CONSOLE = new ConsoleSettings(false, "127.0.0.1", 0, Map.of());

    @TempDir
    Path dir;

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100));
    }

    private static String demoExport() throws IOException {
        try (var in = SelfHealingTest.class.getResourceAsStream("/demo/orders_20261125-231000.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private GatewayConfig config(ClientSimulator client, ServiceFixture.Mail mail, ServiceFixture.Webhook hook,
                                 String deadline) throws IOException {
        Map<String, String> s = new HashMap<>(mail.settings());
        s.putAll(Map.of("inbox.stable-after", "0s", "retry.max-attempts", "2", "retry.initial-backoff", "50ms",
                "retry.max-backoff", "100ms", "sftp.connect-timeout", "2s",
                "service.retry-check", "100ms", "service.retry-initial-backoff", "2m",
                "alerts.check-interval", "100ms", "alerts.webhook-url", hook.url()));
        s.put("service.retry-max-backoff", "20m");
        s.put("delivery.deadline", deadline);
        s.put("delivery.deadline-warning", "30m");
        s.put("alerts.expiry-warning", "1d"); // the test AP's certificate lives 30 days
        s.put("schedule.cron", "0 0 3 1 1 ? 2099"); // the test starts the night itself, "at the scheduled time"
        return client.config(Path.of("config/gateway.properties"), s);
    }

    /** The ERP's export, written a minute before the (hand) clock's now, so that it counts as complete. */
    private static void putExport(GatewayConfig config, ServiceFixture.HandClock clock) throws IOException {
        Path file = Files.writeString(config.inboxDir().resolve("orders_20261125-231000.csv"), demoExport());
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(clock.instant().minusSeconds(60)));
    }

    private static List<LedgerDocument> orders(Ledger ledger) {
        return ledger.documents("opdrachtgever", OrderFileReader.DOC_TYPE);
    }

    private static int attempts(Ledger ledger) {
        return orders(ledger).stream().mapToInt(LedgerDocument::attempts).sum();
    }

    private static List<String> subjects(ServiceFixture.Mail mail) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        for (MimeMessage m : mail.server().getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void theServerDownAtTheRunAndBackTenMinutesLaterEverythingArrivesBeforeTheDeadlineWithOneAlertResolved()
            throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"));
             ServiceFixture.Mail mail = ServiceFixture.smtps(Files.createDirectories(dir.resolve("mail")));
             ServiceFixture.Webhook hook = new ServiceFixture.Webhook()) {
            ZoneId zone = ZoneId.systemDefault();
            ServiceFixture.HandClock clock = new ServiceFixture.HandClock(Instant.now(), zone);
            String deadline = LocalTime.ofInstant(clock.instant().plus(Duration.ofHours(3)), zone)
                    .truncatedTo(ChronoUnit.MINUTES).toString();
            GatewayConfig config = config(client, mail, hook, deadline);
            ClientProfile profile = config.client();
            int port = client.sftp().port();
            client.sftp().stop();
            try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
                 Serve serve = new Serve(config, ledger, NO_CONSOLE, clock)) {
                putExport(config, clock);
                String night = serve.runtime().runNow("scheduled").toText();
                assertThat(orders(ledger)).as(night).hasSize(4).allMatch(d -> d.status() == DocumentStatus.FAILED)
                        .allMatch(d -> d.lastError().contains("TRANSIENT"));

                // the event: one alert, by mail and by webhook, about documents waiting for a retry
                await().until(() -> mail.server().getReceivedMessages().length >= 1 && hook.posts.size() >= 1);
                assertThat(subjects(mail)).singleElement().asString().contains("FIRING", "DELIVERY_RETRYING", "opdrachtgever");
                MimeMessage first = mail.server().getReceivedMessages()[0];
                assertThat(first.getAllRecipients()).extracting(Object::toString).contains("operations@bouwbedrijf.example");
                String firing = first.getContent().toString();
                assertThat(firing).doesNotContain("smtp-secret-42").doesNotContain("<Order")
                        .contains("4 document(s) for opdrachtgever failed", "serve tries them again by itself at");
                for (LedgerDocument d : orders(ledger)) {
                    assertThat(firing).as("the alert names every document waiting").contains(d.documentId());
                }

                // monitoring sees it too: what waits for a retry, and when the next one is
                var health = serve.service().health().report();
                assertThat(health.get("status").asText()).isEqualTo("DEGRADED");
                assertThat(health.at("/clients/opdrachtgever/waitingForRetry").asInt()).isEqualTo(4);
                assertThat(health.at("/clients/opdrachtgever/nextRetryAt").asText()).isNotEmpty();
                assertThat(health.at("/clients/opdrachtgever/retrying")).hasSize(4)
                        .allMatch(d -> Instant.parse(d.get("nextTryAt").asText()).isAfter(clock.instant()));
                // and so do the operators, from any process: show, messages, the console
                for (LedgerDocument d : orders(ledger)) {
                    assertThat(d.retryAt()).isEqualTo(Instant.parse(health.at("/clients/opdrachtgever/nextRetryAt")
                            .asText()));
                    StringWriter shown = new StringWriter();
                    ShowCommand.print(new PrintWriter(shown), ledger, d);
                    assertThat(shown.toString()).contains("FAILED", "automatic retry by serve at "
                            + Times.format(d.retryAt()), "attempts in this run").doesNotContain("gave up");
                    assertThat(Views.note(d)).startsWith("automatic retry by serve at " + Times.format(d.retryAt()));
                }
                StringWriter list = new StringWriter();
                MessagesCommand.table(new PrintWriter(list), orders(ledger), Map.of("FAILED", 4L), 0, clock.instant());
                assertThat(list.toString().lines().filter(l -> l.contains("automatic retry by serve at"))).hasSize(4);

                // three minutes on the server is still down: the first automatic retry runs, recorded, and fails
                int before = attempts(ledger);
                clock.advance(Duration.ofMinutes(3));
                await().until(() -> attempts(ledger) > before && orders(ledger).stream()
                        .allMatch(d -> d.status() == DocumentStatus.FAILED));
                assertThat(ledger.runs(10, 0)).anyMatch(r -> r.kind().equals("retry") && r.finishedAt() != null);

                // back ten minutes after the run: the next retry (back-off doubled) delivers everything
                SftpSimulator back = SftpSimulator.start(client.sftp().root(), ClientSimulator.USER,
                        client.gatewayKey().getPublic(), client.sftp().hostKey(), port);
                try {
                    clock.advance(Duration.ofMinutes(7));
                    await().until(() -> orders(ledger).stream().allMatch(d -> d.sentAt() != null));
                    await().until(() -> mail.server().getReceivedMessages().length >= 2 && hook.posts.size() >= 2);
                    List<LedgerDocument> docs = orders(ledger);
                    for (LedgerDocument d : docs) {
                        assertThat(d.sentAt()).isBefore(profile.service().deadlineAfter(d.createdAt(), zone));
                    }
                    try (Stream<Path> files = Stream.concat(Files.list(back.importedDir()), Files.list(back.orderResponseDir()))) {
                        assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")))
                                .hasSize(4).doesNotHaveDuplicates();
                    }
                    assertThat(subjects(mail)).hasSize(2);
                    assertThat(subjects(mail).get(1)).contains("RESOLVED", "DELIVERY_RETRYING", "delivered");
                    String resolved = mail.server().getReceivedMessages()[1].getContent().toString();
                    assertThat(resolved).startsWith("Resolved at ").contains("delivered: nothing of opdrachtgever waits"
                            + " for delivery any more; its last document was delivered at ");
                    assertThat(orders(ledger)).allMatch(d -> d.retryAt() == null);
                    assertThat(hook.posts.get(0)).contains("\"status\":\"firing\"", "retrying:opdrachtgever");
                    assertThat(hook.posts.get(1)).contains("\"status\":\"resolved\"", "retrying:opdrachtgever");
                    assertThat(ledger.alerts(10)).singleElement().matches(a -> a.resolvedAt() != null);
                    assertThat(serve.service().health().report().at("/clients/opdrachtgever/waitingForRetry").asInt())
                            .isZero();
                    // every try is a ledger row: the night's, the failed automatic retry's, the one that delivered
                    assertThat(ledger.attempts(docs.get(0).pk())).hasSizeGreaterThanOrEqualTo(3);
                } finally {
                    serve.close();
                    back.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void theServerStaysDownPastTheDeadlineAtRiskTimeAndTheAlertMailNamesTheUndeliveredDocuments() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"));
             ServiceFixture.Mail mail = ServiceFixture.smtps(Files.createDirectories(dir.resolve("mail")));
             ServiceFixture.Webhook hook = new ServiceFixture.Webhook()) {
            ZoneId zone = ZoneId.systemDefault();
            ServiceFixture.HandClock clock = new ServiceFixture.HandClock(Instant.now(), zone);
            String deadline = LocalTime.ofInstant(clock.instant().plus(Duration.ofMinutes(62)), zone)
                    .truncatedTo(ChronoUnit.MINUTES).toString();
            GatewayConfig config = config(client, mail, hook, deadline);
            client.sftp().stop();
            try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
                 Serve serve = new Serve(config, ledger, NO_CONSOLE, clock)) {
                putExport(config, clock);
                serve.runtime().runNow("scheduled");
                await().until(() -> mail.server().getReceivedMessages().length >= 1);
                assertThat(subjects(mail)).singleElement().asString().contains("DELIVERY_RETRYING");

                // 35 minutes on, the deadline is less than 30 minutes away and nothing has arrived
                clock.advance(Duration.ofMinutes(35));
                await().until(() -> subjects(mail).stream().anyMatch(s -> s.contains("DEADLINE_AT_RISK")));
                MimeMessage risk = Arrays.stream(mail.server().getReceivedMessages()).filter(m -> {
                    try {
                        return m.getSubject().contains("DEADLINE_AT_RISK");
                    } catch (Exception e) {
                        return false;
                    }
                }).findFirst().orElseThrow();
                String body = risk.getContent().toString();
                assertThat(body).contains("4 document(s) are not delivered yet", deadline);
                for (LedgerDocument d : orders(ledger)) {
                    assertThat(body).contains(d.businessKey(), d.documentId());
                }
                assertThat(subjects(mail).stream().filter(s -> s.contains("DEADLINE_AT_RISK"))).hasSize(1);
                assertThat(Set.copyOf(subjects(mail))).hasSize(subjects(mail).size()); // no alert twice
            }
        }
    }
}
