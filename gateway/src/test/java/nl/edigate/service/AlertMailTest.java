package nl.edigate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.config.ServiceSettings;
import nl.edigate.ledger.Ledger;

/**
 * Alert mail is never sent in plain text, and only to a server whose certificate is trusted: against a
 * real SMTP server (GreenMail) that offers no STARTTLS, the STARTTLS setting refuses to send; against one
 * with implicit TLS whose certificate no configured CA issued, the handshake fails; with the right CA the
 * mail arrives, authenticated, naming the problem and not the password.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class AlertMailTest {
    @TempDir
    Path dir;

    private static final Ledger.Alert ALERT = new Ledger.Alert(1, "failed:opdrachtgever", "opdrachtgever", "FAILED",
            "2 document(s) for opdrachtgever FAILED\n  #1 ORDER_RESPONSE PO-1/VO-1 abc FAILED\n", Instant.now(), null,
            null, null, null);

    private static ServiceSettings.Mail mail(Map<String, String> s, String security, Path trust) {
        return new ServiceSettings.Mail("127.0.0.1", Integer.parseInt(s.get("alerts.mail.port")), security, "edigate",
                null, Path.of(s.get("alerts.mail.password-file")), "edigate@bouwbedrijf.example",
                List.of("operations@bouwbedrijf.example"), trust);
    }

    @Test
    void neverInPlainTextAndOnlyToATrustedServer() throws Exception {
        try (ServiceFixture.Mail smtps = ServiceFixture.smtps(Files.createDirectories(dir.resolve("tls")))) {
            GreenMail plain = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            plain.setUser("alerts@edigate.example", "edigate", "smtp-secret-42");
            plain.start();
            try {
                Map<String, String> plainSettings = new java.util.HashMap<>(smtps.settings());
                plainSettings.put("alerts.mail.port", Integer.toString(plain.getSmtp().getPort()));
                MailAlerts starttls = new MailAlerts(mail(plainSettings, "starttls", null), Map.of(), "test-host");
                assertThatThrownBy(() -> starttls.send(ALERT, false)).hasMessageContaining("STARTTLS");
                assertThat(plain.getReceivedMessages()).isEmpty();
            } finally {
                plain.stop();
            }

            Path otherCa = dir.resolve("other-ca.pem");
            nl.edigate.simulator.CertificateAuthority.create("another CA").writePem(otherCa);
            MailAlerts untrusted = new MailAlerts(mail(smtps.settings(), "smtps", otherCa), Map.of(), "test-host");
            assertThatThrownBy(() -> untrusted.send(ALERT, false)).hasStackTraceContaining("PKIX");
            assertThat(smtps.server().getReceivedMessages()).isEmpty();

            MailAlerts trusted = new MailAlerts(mail(smtps.settings(), "smtps",
                    Path.of(smtps.settings().get("alerts.mail.trust-file"))),
                    Map.of("opdrachtgever", List.of("edi@opdrachtgever.example")), "test-host");
            trusted.send(ALERT, false);
            var received = smtps.server().getReceivedMessages();
            assertThat(received).hasSize(2); // one message, a copy in each recipient's mailbox
            assertThat(received[0].getSubject()).isEqualTo("[edigate] FIRING FAILED opdrachtgever: 2 document(s) for"
                    + " opdrachtgever FAILED");
            assertThat(received[0].getAllRecipients()).extracting(Object::toString)
                    .containsExactly("operations@bouwbedrijf.example", "edi@opdrachtgever.example");
            assertThat(received[0].getContent().toString()).contains("PO-1/VO-1", "test-host")
                    .doesNotContain("smtp-secret-42");
        }
    }
}
