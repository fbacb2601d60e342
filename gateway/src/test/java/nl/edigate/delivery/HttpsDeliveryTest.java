package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.edigate.GatewayHarness;
import nl.edigate.ProjectsJson;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ApiSimulator.Fault;
import nl.edigate.simulator.ApiSimulator;

/**
 * Progress reports against a real HTTPS server started by the test (the client's API simulator, with
 * its own CA): every row of the answers table, expiring tokens, Retry-After, a maintenance window,
 * time-outs and resets. After each: nothing lost (every report SENT or FAILED with a reason) and
 * nothing registered twice (one registration per Idempotency-Key).
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class HttpsDeliveryTest {

    @TempDir
    Path dir;

    static String projects(int n) {
        ProjectsJson json = new ProjectsJson();
        for (int i = 1; i <= n; i++) {
            json.add("P-2026-" + (100 + i), i % 2 == 0 ? "RC-2026-0007" : "RC-2025-0042");
        }
        return json.build();
    }

    /** Nothing registered twice; every registration is a SENT report of the ledger with the same key and body. */
    static void assertLedgerAgreesWithTheServer(GatewayHarness gw) {
        List<ApiSimulator.Registration> registrations = gw.client.api().registrations();
        Set<String> keys = registrations.stream().map(ApiSimulator.Registration::idempotencyKey).collect(Collectors.toSet());
        assertThat(keys).as("one registration per Idempotency-Key").hasSameSizeAs(registrations);
        List<LedgerDocument> sent = gw.reports().stream().filter(d -> d.status() == DocumentStatus.SENT).toList();
        assertThat(keys).containsExactlyInAnyOrderElementsOf(sent.stream().map(LedgerDocument::documentId).toList());
        for (ApiSimulator.Registration r : registrations) {
            LedgerDocument d = sent.stream().filter(x -> x.documentId().equals(r.idempotencyKey())).findFirst().orElseThrow();
            assertThat(r.body()).isEqualTo(d.payload());
            assertThat(d.remoteName()).isEqualTo(r.location());
        }
        assertThat(gw.reports()).allMatch(d -> d.status() == DocumentStatus.SENT
                || (d.status() == DocumentStatus.FAILED && d.lastError() != null));
        // every request for a report carried that report's key, on every retry
        for (ApiSimulator.Request q : gw.client.api().requests()) {
            assertThat(gw.reports()).anyMatch(d -> d.documentId().equals(q.idempotencyKey()));
        }
    }

    static LedgerDocument first(GatewayHarness gw) {
        return gw.reports().get(0);
    }

    @Test
    void reportsAreRegisteredOnceEachWithOneTokenAndTheLedgerKnowsWhere() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(3));
            RunReport report = gw.run();

            assertThat(report.exitCode()).as(report.toText()).isZero();
            assertThat(gw.projects(report).delivered()).isEqualTo(3);
            assertThat(gw.client.api().registrations()).hasSize(3);
            assertThat(gw.client.api().issuedTokens()).hasSize(1);
            assertThat(gw.reports()).allSatisfy(d -> {
                assertThat(d.remoteName()).startsWith("/api/v1/contracts/");
                assertThat(gw.ledger.attempts(d.pk())).singleElement().extracting(Attempt::outcome).isEqualTo("SENT");
            });
            assertLedgerAgreesWithTheServer(gw);

            // the same export again: nothing new
            gw.putExport("projects_20261126-231000.json", projects(3));
            RunReport second = gw.run();
            assertThat(gw.projects(second).skippedUnchanged()).isEqualTo(3);
            assertThat(gw.client.api().registrations()).hasSize(3);
        }
    }

    @Test
    void changedContentForTheSameDayIsANewReportWithANewKey() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-1", "RC-2025-0042").build());
            gw.run();
            gw.putExport("projects_20261125-235900.json", new ProjectsJson()
                    .add("P-1", "RC-2025-0042", p -> p.put("gereedPercentage", 45)).build());
            RunReport second = gw.run();

            assertThat(gw.projects(second).created()).isEqualTo(1);
            assertThat(gw.client.api().registrations()).hasSize(2);
            assertThat(gw.reports()).extracting(LedgerDocument::businessKey).containsOnly("RC-2025-0042/P-1/2026-11-25");
            assertThat(gw.reports()).extracting(LedgerDocument::documentId).doesNotHaveDuplicates();
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @ParameterizedTest(name = "{0} is permanent")
    @ValueSource(ints = {400, 422, 403, 404, 409, 413})
    void aPermanentAnswerFailsTheReportAtOnceKeepsTheProblemAndTheOthersGoOn(int status) throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(3));
            gw.client.api().enqueue(Fault.status(status));
            RunReport report = gw.run();

            LedgerDocument failed = first(gw);
            assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(failed.lastError()).startsWith("REJECTED").contains(Integer.toString(status));
            assertThat(gw.ledger.attempts(failed.pk())).hasSize(1);
            assertThat(gw.ledger.lastResponse(failed.pk())).get().asString()
                    .contains("\"status\":" + status, "\"title\"");
            assertThat(gw.projects(report).delivered()).isEqualTo(2);
            assertThat(report.exitCode()).isEqualTo(1);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void anUnknownContractIsA404WithTheClientsProblemStored() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("projects.contracts", "RC-2025-0042,RC-2099-0001"))) {
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-9", "RC-2099-0001").build());
            gw.run();
            assertThat(first(gw).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(first(gw).lastError()).contains("404", "unknown contract RC-2099-0001");
            assertThat(gw.client.api().registrations()).isEmpty();
        }
    }

    @Test
    void theErrorListOfTheClientsSchemaCheckIsKeptWithTheFailedReport() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-1", "RC-2025-0042").build());
            gw.runtime.nightlyRun().intakeOnly();
            // a stored report that the client's schema refuses (as if our copy of the schema were outdated)
            LedgerDocument doc = first(gw);
            try (var c = DriverManager.getConnection(gw.config.jdbcUrl(), "edigate", "");
                 var ps = c.prepareStatement("UPDATE document_content SET payload = ? WHERE document_pk = ?")) {
                ps.setString(1, doc.payload().replace("\"percentComplete\":42.5", "\"percentComplete\":142.5"));
                ps.setLong(2, doc.pk());
                ps.executeUpdate();
            }
            gw.runtime.nightlyRun().deliverOnly();

            LedgerDocument after = gw.ledger.document(doc.pk()).orElseThrow();
            assertThat(after.status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(after.lastError()).contains("422", "percentComplete");
            assertThat(gw.ledger.lastResponse(doc.pk())).get().asString()
                    .contains("\"errors\"", "\"pointer\":\"/percentComplete\"");
            assertThat(gw.client.api().registrations()).isEmpty();
        }
    }

    @Test
    void aTokenThatExpiresMidRunIsRenewedOnceAndTheReportGoesThrough() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(5));
            gw.client.api().enqueue(Fault.none(), Fault.none(), Fault.expireTokens());
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(5);
            assertThat(gw.client.api().issuedTokens()).hasSize(2);
            LedgerDocument third = gw.reports().get(2);
            assertThat(gw.ledger.attempts(third.pk())).extracting(Attempt::outcome).containsExactly("FAILED", "SENT");
            assertThat(gw.ledger.attempts(third.pk()).get(0).error()).startsWith("TOKEN_EXPIRED");
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void a401WithAFreshTokenStopsTheClientInsteadOfLooping() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(2));
            gw.client.api().enqueue(Fault.status(401), Fault.status(401));
            RunReport report = gw.run();

            assertThat(gw.ledger.attempts(first(gw).pk())).hasSize(2);
            assertThat(first(gw).lastError()).startsWith("AUTHENTICATION").contains("fresh token");
            assertThat(gw.projects(report).deliveryStopped()).isNotNull();
            assertThat(gw.reports()).allMatch(d -> d.status() == DocumentStatus.FAILED);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void a429IsRetriedAfterRetryAfterSeconds() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(1));
            gw.client.api().enqueue(Fault.tooManyRequests(2));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).isEqualTo(1);
            List<ApiSimulator.Request> requests = gw.client.api().requests();
            assertThat(requests).extracting(ApiSimulator.Request::status).containsExactly(429, 201);
            assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void aRetryAfterBeyondTheLimitFailsTheReportWithTheReason() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("api.max-retry-after", "1s"))) {
            gw.putExport("projects_20261125-231000.json", projects(1));
            gw.client.api().enqueue(Fault.tooManyRequests(3600));
            gw.run();
            assertThat(first(gw).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(first(gw).lastError()).contains("RATE_LIMITED", "Retry-After 3600 s");
        }
    }

    @Test
    void aMaintenanceWindowOf503IsWaitedOut() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("api.retry.max-attempts", "60",
                "api.retry.max-backoff", "250ms"))) {
            gw.putExport("projects_20261125-231000.json", projects(3));
            gw.client.api().unavailableFor(Duration.ofSeconds(3));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(3);
            // the 503 said how long the window has left (Retry-After): one wait, not a string of attempts
            assertThat(gw.ledger.attempts(first(gw).pk())).hasSize(2);
            assertThat(gw.client.api().requests()).filteredOn(r -> r.status() == 503).hasSize(1);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    /** Contract section 3: a 503 with Retry-After is not retried before it has passed, and costs no attempt. */
    @Test
    void retryAfterOnA503IsHonouredAndAMaintenanceWindowNeverUsesUpTheAttempts() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("api.retry.max-attempts", "2"))) {
            gw.putExport("projects_20261125-231000.json", projects(1));
            gw.client.api().enqueue(Fault.unavailable(1), Fault.unavailable(1), Fault.unavailable(1));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(1);
            List<ApiSimulator.Request> reports = gw.client.api().requests().stream()
                    .filter(r -> r.idempotencyKey() != null).toList();
            assertThat(reports).extracting(ApiSimulator.Request::status).containsExactly(503, 503, 503, 201);
            for (int i = 1; i < reports.size(); i++) {
                assertThat(Duration.between(reports.get(i - 1).at(), reports.get(i).at()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
            }
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void theServersOwnMaintenanceWindowIsWaitedOutWithFewAttempts() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("api.retry.max-attempts", "2"))) {
            gw.putExport("projects_20261125-231000.json", projects(2));
            gw.client.api().unavailableFor(Duration.ofSeconds(2));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(2);
            assertThat(gw.client.api().requests()).anyMatch(r -> r.status() == 503);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void burstsOf5xxResetsAndTimeOutsAreRetriedWithTheSameKey() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("api.retry.max-attempts", "8"))) {
            gw.putExport("projects_20261125-231000.json", projects(3));
            gw.client.api().enqueue(Fault.status(500), Fault.status(502), Fault.status(504), Fault.reset(),
                    Fault.hang(Duration.ofSeconds(3)));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(3);
            assertThat(gw.ledger.attempts(first(gw).pk())).hasSize(6);
            // six requests for the first report, all with its key
            assertThat(gw.client.api().requests()).filteredOn(r -> first(gw).documentId().equals(r.idempotencyKey()))
                    .hasSize(6);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void aResponseLostAfterRegisteringIsSettledByTheDuplicateAnswerNotASecondRegistration() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(2));
            gw.client.api().enqueue(Fault.resetAfterRegistering(), Fault.none(),
                    Fault.hangAfterRegistering(Duration.ofSeconds(3)));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).isEqualTo(2);
            assertThat(gw.client.api().registrations()).hasSize(2);
            assertThat(gw.client.api().requests()).extracting(ApiSimulator.Request::status).contains(200);
            assertThat(gw.reports()).allSatisfy(d -> assertThat(gw.ledger.lastResponse(d.pk())).get().asString()
                    .contains("already registered"));
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void temporaryErrorsThatOutlastTheRetriesFailTheReportAndStopTheBatchWithTheReason() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(3));
            gw.client.api().enqueue(Fault.status(503), Fault.status(503), Fault.status(503), Fault.status(503));
            RunReport report = gw.run();

            assertThat(first(gw).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(first(gw).lastError()).contains("4 attempts in this run");
            assertThat(gw.reports().subList(1, 3)).allMatch(d -> d.lastError().startsWith("not attempted"));
            assertThat(gw.client.api().registrations()).isEmpty();
            assertThat(report.exitCode()).isEqualTo(1);

            // the API is back: a resend delivers the failed ones, each registered once, under the same keys
            List<String> keys = gw.reports().stream().map(LedgerDocument::documentId).toList();
            gw.resend(gw.reports().stream().map(LedgerDocument::pk).toList(),
                    Resender.Mode.AS_SENT, false, "API back");
            assertThat(gw.reports()).allMatch(d -> d.status() == DocumentStatus.SENT);
            assertThat(gw.client.api().registrations()).extracting(ApiSimulator.Registration::idempotencyKey)
                    .containsExactlyInAnyOrderElementsOf(keys);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void theTokenEndpointBeingDownFailsWithAClearReason() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(2));
            gw.client.api().setTokenEndpointDown(true);
            gw.run();
            assertThat(first(gw).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(first(gw).lastError()).contains("token endpoint answered 503");
            assertThat(gw.client.api().registrations()).isEmpty();

            gw.client.api().setTokenEndpointDown(false);
            gw.resend(gw.reports().stream().map(LedgerDocument::pk).toList(),
                    Resender.Mode.AS_SENT, false, "token endpoint back");
            assertThat(gw.reports()).allMatch(d -> d.status() == DocumentStatus.SENT);
            assertLedgerAgreesWithTheServer(gw);
        }
    }

    @Test
    void noMoreThanTenRequestsGoOutInAnySecond() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-231000.json", projects(25));
            RunReport report = gw.run();

            assertThat(gw.projects(report).delivered()).isEqualTo(25);
            List<ApiSimulator.Request> requests = gw.client.api().requests();
            assertThat(requests).noneMatch(r -> r.status() == 429);
            for (int i = 10; i < requests.size(); i++) {
                assertThat(Duration.between(requests.get(i - 10).at(), requests.get(i).at()))
                        .as("11 requests within one second").isGreaterThanOrEqualTo(Duration.ofMillis(900));
            }
            assertLedgerAgreesWithTheServer(gw);
        }
    }
}
