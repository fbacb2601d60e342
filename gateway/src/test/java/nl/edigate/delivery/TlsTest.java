package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.ProjectsJson;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ApiSimulator;
import nl.edigate.simulator.CertificateAuthority;
import nl.edigate.simulator.ClientSimulator;

/** Certificates and host names are always verified: a server we cannot verify gets nothing. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class TlsTest {

    @TempDir
    Path dir;

    @Test
    void aServerWhoseCertificateComesFromAnUnknownCaIsRefused() throws Exception {
        Path otherCa = dir.resolve("other-ca.pem");
        CertificateAuthority.create("Some other CA").writePem(otherCa);
        try (GatewayHarness gw = GatewayHarness.start(dir.resolve("gw"), Map.of("api.ca-file", otherCa.toString()))) {
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-1", "RC-2025-0042")
                    .add("P-2", "RC-2025-0042").build());
            RunReport report = gw.run();

            assertThat(gw.reports()).allMatch(d -> d.status() == DocumentStatus.FAILED);
            assertThat(gw.reports().get(0).lastError()).startsWith("TLS").contains("not trusted");
            assertThat(gw.projects(report).deliveryStopped()).contains("TLS");
            assertThat(gw.client.api().issuedTokens()).isEmpty();
            assertThat(gw.client.api().registrations()).isEmpty();
        }
    }

    @Test
    void aServerWhoseCertificateIsForAnotherHostNameIsRefused() throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"));
             ApiSimulator wrongName = new ApiSimulator(sim.ca().serverContext(List.of("api.other.example")),
                     ClientSimulator.API_CLIENT_ID, sim.clientSecret(), Set.of("RC-2025-0042"));
             GatewayHarness gw = GatewayHarness.start(dir.resolve("gw"), Map.of(
                     "api.base-url", wrongName.baseUrl(), "api.token-url", wrongName.baseUrl() + "/oauth2/token",
                     "api.ca-file", sim.caFile().toString()))) {
            gw.putExport("projects_20261125-231000.json", new ProjectsJson().add("P-1", "RC-2025-0042").build());
            gw.run();

            assertThat(gw.reports().get(0).status()).isEqualTo(DocumentStatus.FAILED);
            assertThat(gw.reports().get(0).lastError()).startsWith("TLS").contains("host name");
            assertThat(wrongName.issuedTokens()).isEmpty();
            assertThat(wrongName.registrations()).isEmpty();
        }
    }
}
