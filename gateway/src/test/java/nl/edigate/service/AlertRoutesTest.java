package nl.edigate.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ConfigFiles;
import nl.edigate.cli.CommandLineTest;
import nl.edigate.simulator.ClientSimulator;

/**
 * The alerts' routes are checked before an alert is lost on one: `alerts test` sends a test alert through
 * each (a real SMTP server over TLS with authentication, a webhook receiver), and a mail route that could
 * never send (a user without a password) stops `serve` at start with one line.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class AlertRoutesTest {
    @TempDir
    Path dir;

    private static Path withAlerts(Path gateway, Map<String, String> settings) throws Exception {
        StringBuilder sb = new StringBuilder(Files.readString(gateway)).append('\n');
        settings.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return Files.writeString(gateway, sb.toString());
    }

    @Test
    void aTestAlertReachesTheMailServerAndTheWebhookThroughEveryConfiguredRoute() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"));
             ServiceFixture.Mail mail = ServiceFixture.smtps(Files.createDirectories(dir.resolve("mail")));
             ServiceFixture.Webhook hook = new ServiceFixture.Webhook()) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir.resolve("config"), client);
            Map<String, String> settings = new java.util.HashMap<>(mail.settings());
            settings.put("alerts.webhook-url", hook.url());
            withAlerts(gateway, settings);

            CommandLineTest.Result r = CommandLineTest.execute("alerts", "test", "--config", gateway.toString());
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("OK      mail via 127.0.0.1:" + mail.server().getSmtps().getPort(),
                    "OK      webhook 127.0.0.1");
            MimeMessage received = mail.server().getReceivedMessages()[0];
            assertThat(received.getSubject()).contains("FIRING TEST", "A test alert from `edigate alerts test`");
            assertThat(received.getAllRecipients()).extracting(Object::toString)
                    .containsExactly("operations@bouwbedrijf.example");
            assertThat(hook.posts).singleElement().asString().contains("\"alert\":\"test\"", "this route works");
            assertThat(r.out() + received.getContent()).doesNotContain("smtp-secret-42");

            // a webhook nobody listens at: the command says which route failed
            Files.writeString(gateway, Files.readString(gateway).replace(hook.url(), "http://127.0.0.1:1/hook"));
            CommandLineTest.Result down = CommandLineTest.execute("alerts", "test", "--config", gateway.toString());
            assertThat(down.exitCode()).isEqualTo(1);
            assertThat(down.out()).contains("OK      mail via", "FAILED  webhook 127.0.0.1");
        }
    }

    @Test
    void aMailRouteThatCouldNeverSendStopsServeAtStartWithOneLine() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir.resolve("config"), client);
            // a user, and no password: neither a file nor the environment variable
            withAlerts(gateway, Map.of("alerts.mail.host", "127.0.0.1", "alerts.mail.user", "edigate",
                    "alerts.mail.password-env", "EDIGATE_TEST_NO_SUCH_VARIABLE", "alerts.mail.to", "ops@example.org"));
            CommandLineTest.Result serve = CommandLineTest.execute("serve", "--config", gateway.toString());
            assertThat(serve.exitCode()).isEqualTo(2);
            assertThat(serve.err().strip()).startsWith("configuration error: ")
                    .contains("the SMTP password of alerts.mail.user is not set", "EDIGATE_TEST_NO_SUCH_VARIABLE")
                    .doesNotContain("\n");
            CommandLineTest.Result check = CommandLineTest.execute("clients", "check", "--config", gateway.toString());
            assertThat(check.exitCode()).isEqualTo(2);
            assertThat(check.err()).contains("alerts.mail.user is not set");
            assertThat(dir.resolve("config/ledger")).as("nothing was started").doesNotExist();
        }
    }
}
