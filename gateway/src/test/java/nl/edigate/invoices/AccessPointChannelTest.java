package nl.edigate.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import nl.edigate.GatewayHarness;
import nl.edigate.config.ConfigException;
import nl.edigate.intake.BadInvoiceRecordsTest;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.AccessPointSimulator;
import nl.edigate.simulator.CertificateAuthority;
import nl.edigate.simulator.ClientSimulator;

/**
 * The access point channel against the AP simulator (client-gemeente-interface.md, sections 3 and 4):
 * mutual TLS refused with a clear reason for no, a wrong and an expired client certificate; every answer of
 * the contract's table; the transmission status polled until SENT or FAILED; the Invoice Responses paged,
 * recorded and deleted, an invalid one kept aside.
 */
@Tag("integration")
class AccessPointChannelTest {
    private static final String MUNICIPALITY = "gemeente";

    private static String invoices(String... numbers) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (String n : numbers) {
            rows.add(BadInvoiceRecordsTest.row(n));
        }
        return BadInvoiceRecordsTest.csv(rows);
    }

    private static LedgerDocument invoice(GatewayHarness g, String number) {
        return g.ledger.latestForKey(MUNICIPALITY, InvoiceIntake.DOC_TYPE, number).orElseThrow();
    }

    // ---- mutual TLS

    @Test
    void aClientCertificateFromAnotherCaIsRefusedByTheAccessPointWithAClearReason(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("other.p12");
        Path password = Files.writeString(dir.resolve("other-password"), "other-secret");
        CertificateAuthority.create("Some Other CA").writeClientKeystore(p12, "0106:12345678", "other-secret".toCharArray());
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir.resolve("g"), Map.of("ap.keystore-file", p12.toString(),
                "ap.keystore-password-file", password.toString()))) {
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000001", "F-2026-000002"));
            RunReport report = g.run();
            LedgerDocument first = invoice(g, "F-2026-000001");
            assertThat(first.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(first.lastError()).contains("refused our client certificate");
            // a refused certificate concerns every invoice: the batch stops after the first
            assertThat(invoice(g, "F-2026-000002").lastError()).contains("not attempted");
            assertThat(report.section(InvoiceIntake.DOC_TYPE).client(MUNICIPALITY).deliveryStopped()).isNotNull();
            assertThat(g.client.accessPoint().accepted()).isEmpty();
        }
    }

    @Test
    void anExpiredClientCertificateIsRefusedNamingItsDateAndTheAccessPointRefusesItToo(@TempDir Path dir) throws Exception {
        Path p12 = dir.resolve("expired.p12");
        Path password = Files.writeString(dir.resolve("expired-password"), "expired-secret");
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Instant now = Instant.now();
            sim.accessPointCa().writeClientKeystore(p12, "0106:12345678", "expired-secret".toCharArray(),
                    now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(1)));
            // the AP itself refuses the handshake
            assertThatThrownBy(() -> get(sim, context(p12, "expired-secret", sim))).isInstanceOf(java.io.IOException.class);
        }
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir.resolve("g2"), Map.of("ap.keystore-file",
                p12.toString(), "ap.keystore-password-file", password.toString()))) {
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000003"));
            g.run();
            assertThat(invoice(g, "F-2026-000003").lastError()).contains("client certificate").contains("expired on");
            assertThat(g.client.accessPoint().requests()).isEmpty();
        }
    }

    @Test
    void withoutAClientCertificateTheAccessPointRefusesTheConnectionAndTheGatewayDoesNotStart(@TempDir Path dir)
            throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            assertThatThrownBy(() -> get(sim, context(null, null, sim))).isInstanceOf(java.io.IOException.class);
            // the gateway: no keystore configured, or one without a key, is a configuration error at start
            Map<String, String> none = new HashMap<>(sim.accessPointSettings());
            Path empty = dir.resolve("empty.p12");
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", sim.accessPointCa().certificate());
            try (var out = Files.newOutputStream(empty)) {
                ks.store(out, "pw".toCharArray());
            }
            Path pw = Files.writeString(dir.resolve("pw"), "pw");
            none.put("ap.keystore-file", empty.toString());
            none.put("ap.keystore-password-file", pw.toString());
            assertThatThrownBy(() -> GatewayHarness.startWithAllClients(dir.resolve("g"), none))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one private key");
        }
        assertThatThrownBy(() -> nl.edigate.config.GatewayConfig.from(nl.edigate.config.Settings.load(
                Path.of("config/gateway.properties")).with("ap.keystore-file", ""), List.of(nl.edigate.config.ClientProfile
                .from(nl.edigate.config.Settings.load(Path.of(ClientSimulator.MUNICIPALITY_PROFILE))))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("required setting 'ap.keystore-file' is missing")
                .hasMessageContaining("client certificate");
    }

    private static SSLContext context(Path p12, String password, ClientSimulator sim) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ap", sim.accessPointCa().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(p12)) {
                keys.load(in, password.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password.toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static int get(ClientSimulator sim, SSLContext ctx) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(URI.create(sim.accessPoint().baseUrl()
                + "/api/v2/inbound?documentType=invoice-response")).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    // ---- the answers table

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400, FAILED, the access point refused the document",
        "422, FAILED, the access point refused the document",
        "403, FAILED, does not let our certificate send for 0106:12345678",
        "409, FAILED, this Idempotency-Key with another document",
        "413, FAILED, too large",
        "429, QUEUED, ",
        "503, QUEUED, ",
        "0, QUEUED, "})
    void everyAnswerOfTheTableIsHandledAsTheContractSays(int status, DocumentStatus outcome, String reason,
                                                        @TempDir Path dir) throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.enqueue(status, status == 429 || status == 503 ? 1 : 0);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000010"));
            g.run();
            LedgerDocument d = invoice(g, "F-2026-000010");
            assertThat(d.status()).isEqualTo(outcome);
            if (reason != null) {
                assertThat(d.lastError()).contains(String.valueOf(status)).contains(reason);
                assertThat(ap.accepted()).isEmpty();
            } else {
                // temporary: retried (after Retry-After where given), then accepted once
                assertThat(g.ledger.attempts(d.pk())).hasSize(2);
                assertThat(ap.accepted()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(d.remoteName()));
            }
            if (status == 429 || status == 503) {
                List<AccessPointSimulator.Request> posts = ap.requests().stream()
                        .filter(r -> r.method().equals("POST")).toList();
                assertThat(posts).hasSize(2);
            }
        }
    }

    @Test
    void aLostAnswerRetriedUnderTheSameKeyGetsTheSameTransmission200AndA403StopsTheBatch(@TempDir Path dir) throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            // the AP takes the document and the answer is lost: the retry, under the same key, gets 200 and
            // the same transmission
            ap.enqueue(AccessPointSimulator.ACCEPT_THEN_DROP, 0);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000020"));
            g.run();
            LedgerDocument sent = invoice(g, "F-2026-000020");
            assertThat(sent.status()).isEqualTo(DocumentStatus.QUEUED);
            assertThat(ap.accepted()).singleElement().satisfies(t -> assertThat(t.id()).isEqualTo(sent.remoteName()));
            assertThat(g.ledger.attempts(sent.pk())).extracting(nl.edigate.ledger.Attempt::outcome)
                    .containsExactly("FAILED", "SENT");
            assertThat(ap.requests()).filteredOn(r -> r.method().equals("POST")).extracting(AccessPointSimulator.Request::status)
                    .containsExactly(0, 200);

            ap.enqueue(403, 0);
            g.putExport("invoices_20261126-231000.csv", invoices("F-2026-000021", "F-2026-000022"));
            g.run();
            assertThat(invoice(g, "F-2026-000021").lastError()).contains("403");
            assertThat(invoice(g, "F-2026-000022").lastError()).contains("not attempted");
        }
    }

    // ---- status and responses

    @Test
    void theStatusIsPolledUntilSentOrFailed(@TempDir Path dir) throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of())) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.setQueuedPolls(3);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000030"));
            g.run(); // the run's own pass: the first status request
            LedgerDocument d = invoice(g, "F-2026-000030");
            assertThat(d.status()).isEqualTo(DocumentStatus.QUEUED);
            assertThat(d.ackDueAt()).as("not SENT within 4 hours is overdue").isBetween(Instant.now().plus(Duration.ofHours(3)),
                    Instant.now().plus(Duration.ofHours(4)));
            g.collectAcks();
            g.collectAcks();
            assertThat(invoice(g, "F-2026-000030").status()).isEqualTo(DocumentStatus.QUEUED);
            g.collectAcks();
            LedgerDocument sent = invoice(g, "F-2026-000030");
            assertThat(sent.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(sent.ackDueAt()).as("5 working days for the buyer's answer")
                    .isAfter(sent.sentAt().plus(Duration.ofDays(6)));
            assertThat(g.ledger.acks(sent.pk())).singleElement()
                    .satisfies(a -> assertThat(a.reasons()).contains("AS4 receipt as4-"));

            // a receiver the Peppol directory does not know: FAILED with the AP's reason, final
            ap.setQueuedPolls(0);
            ap.removeFromDirectory(ClientSimulator.MUNICIPALITY);
            g.putExport("invoices_20261126-231000.csv", invoices("F-2026-000031"));
            RunReport r = g.run();
            LedgerDocument failed = invoice(g, "F-2026-000031");
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(failed.lastError()).contains("not in the Peppol directory");
            assertThat(r.acknowledgements().problems()).anySatisfy(p -> assertThat(p).contains("F-2026-000031").contains("FAILED"));

            // resent as sent, the same key would get the same failed transmission: refused with the reason
            g.resend(List.of(failed.pk()), nl.edigate.operators.Resender.Mode.AS_SENT, false, "try again");
            assertThat(g.lastResend.refused()).isEqualTo(1);
            assertThat(g.ledger.resendHistory(failed.pk())).singleElement()
                    .satisfies(e -> assertThat(e.outcome()).contains("failed for good").contains("--rerender"));
            // the directory fixed: re-rendered, a new document under a new key, a new transmission, SENT
            ap.addToDirectory(ClientSimulator.MUNICIPALITY);
            g.resend(List.of(failed.pk()), nl.edigate.operators.Resender.Mode.RERENDER, false, "receiver registered");
            LedgerDocument again = invoice(g, "F-2026-000031");
            assertThat(again.pk()).isNotEqualTo(failed.pk());
            assertThat(again.documentId()).isNotEqualTo(failed.documentId());
            assertThat(again.status()).isEqualTo(DocumentStatus.QUEUED);
            g.collectAcks();
            assertThat(invoice(g, "F-2026-000031").status()).isEqualTo(DocumentStatus.SENT);
            assertThat(ap.accepted()).filteredOn(t -> t.invoiceNumber().equals("F-2026-000031")).hasSize(2);
        }
    }

    @Test
    void invoiceResponsesArePagedRecordedAndDeletedAndAnInvalidOneIsKeptAside(@TempDir Path dir) throws Exception {
        try (GatewayHarness g = GatewayHarness.startWithAllClients(dir, Map.of("ap.max-requests-per-second", "5"))) {
            AccessPointSimulator ap = g.client.accessPoint();
            ap.setQueuedPolls(0);
            ap.setPageSize(4);
            g.putExport("invoices_20261125-231000.csv", invoices("F-2026-000040", "F-2026-000041", "F-2026-000042"));
            for (String n : new String[] {"F-2026-000040", "F-2026-000041", "F-2026-000042"}) {
                ap.respond(n, AccessPointSimulator.Response.of("AB"), AccessPointSimulator.Response.of("IP"),
                        new AccessPointSimulator.Response("UQ", "OTH", "Graag het projectnummer"),
                        AccessPointSimulator.Response.of("AP"));
            }
            ap.addInbound("<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\"/>");
            g.run(); // delivery; the pass: SENT, then 12 + 1 responses over 4 pages
            AckTally t = g.runtime.accessPointPass().run();
            for (String n : new String[] {"F-2026-000040", "F-2026-000041", "F-2026-000042"}) {
                LedgerDocument d = invoice(g, n);
                assertThat(d.status()).as(n).isEqualTo(DocumentStatus.ACCEPTED);
                assertThat(g.ledger.acks(d.pk())).extracting(Ledger.Ack::responseCode).containsExactly("SENT", "AB", "IP", "UQ", "AP");
            }
            assertThat(ap.inboundLeft()).isZero();
            assertThat(g.ledger.acks(null)).filteredOn(a -> "INVALID".equals(a.outcome())).singleElement()
                    .satisfies(a -> assertThat(a.reasons()).contains("not a valid Peppol Invoice Response (T111)"));
            assertThat(ap.requests()).filteredOn(r -> r.path().equals("/api/v2/inbound")).hasSizeGreaterThanOrEqualTo(4);
            assertThat(t.failure()).isNull();

            // a late answer never undoes a later one: "received" after "accepted" is recorded, status unchanged
            LedgerDocument accepted = invoice(g, "F-2026-000040");
            ap.respondNow(ap.accepted().stream().filter(x -> x.invoiceNumber().equals("F-2026-000040")).findFirst()
                    .orElseThrow(), AccessPointSimulator.Response.of("AB"));
            AckTally late = g.runtime.accessPointPass().run();
            assertThat(invoice(g, "F-2026-000040").status()).isEqualTo(DocumentStatus.ACCEPTED);
            assertThat(g.ledger.acks(accepted.pk())).hasSize(6);
            assertThat(late.problems()).anySatisfy(p -> assertThat(p).contains("with AB").contains("ACCEPTED already"));
        }
    }
}
