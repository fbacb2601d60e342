package nl.edigate.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import nl.edigate.files.OwnerOnly;
import nl.edigate.simulator.CertificateAuthority;

/**
 * What the service tests start beside the client simulator: a real SMTP server (GreenMail, implicit TLS
 * with a certificate of a CA of the test's own, authentication), a webhook receiver, and a clock the test
 * moves by hand.
 */
final class ServiceFixture {
    private ServiceFixture() {
    }

    /** A clock that stands still until the test moves it. */
    static final class HandClock extends Clock {
        private volatile Instant now;
        private final ZoneId zone;

        HandClock(Instant start, ZoneId zone) {
            this.now = start;
            this.zone = zone;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new HandClock(now, z);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The mail server and the settings that point the gateway's alerts at it. */
    record Mail(GreenMail server, Map<String, String> settings) implements AutoCloseable {
        @Override
        public void close() {
            server.stop();
        }
    }

    /** GreenMail reads its TLS key once per JVM: one test CA and server certificate for every test. */
    private static Path caPem;

    private static synchronized Path mailCertificate() throws IOException {
        if (caPem == null) {
            Path dir = Files.createTempDirectory("edigate-mail-tls");
            dir.toFile().deleteOnExit();
            CertificateAuthority ca = CertificateAuthority.create("mail test CA");
            Path keystore = dir.resolve("mail.p12");
            char[] password = "greenmail-test".toCharArray();
            ca.writeServerKeystore(keystore, List.of("127.0.0.1", "localhost"), password);
            Path pem = dir.resolve("mail-ca.pem");
            ca.writePem(pem);
            keystore.toFile().deleteOnExit();
            pem.toFile().deleteOnExit();
            System.setProperty("greenmail.tls.keystore.file", keystore.toString());
            System.setProperty("greenmail.tls.keystore.password", new String(password));
            System.setProperty("greenmail.tls.key.password", new String(password));
            caPem = pem;
        }
        return caPem;
    }

    static Mail smtps(Path dir) throws IOException {
        Path caPem = mailCertificate();
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        server.setUser("alerts@edigate.example", "edigate", "smtp-secret-42");
        server.start();
        Path secret = dir.resolve("smtp-password");
        Files.writeString(secret, "smtp-secret-42");
        OwnerOnly.restrictFile(secret);
        return new Mail(server, Map.of("alerts.mail.host", "127.0.0.1",
                "alerts.mail.port", Integer.toString(server.getSmtps().getPort()), "alerts.mail.security", "smtps",
                "alerts.mail.user", "edigate", "alerts.mail.password-file", secret.toString(),
                "alerts.mail.from", "edigate@bouwbedrijf.example", "alerts.mail.to", "operations@bouwbedrijf.example",
                "alerts.mail.trust-file", caPem.toString()));
    }

    /** Receives the webhook's JSON posts. */
    static final class Webhook implements AutoCloseable {
        final List<String> posts = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Webhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
