package nl.edigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.OrdersCsv;
import nl.edigate.ProjectsJson;
import nl.edigate.TestProfiles;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;

/**
 * One export holds the records of every client: an order is the client's by its GLN, a project by its
 * contract; the records of a client without a profile are counted per identifier in the run report and
 * left alone, never sent to ours and never rejected as ours.
 */
class ClientAssignmentTest {
    static final String OTHER = "8798765000015";
    static final String THIRD = "8798765000022";

    @TempDir
    Path dir;

    private GatewayConfig config() {
        Settings gateway = TestProfiles.gatewaySettings().with("ledger.jdbc-url", "jdbc:h2:file:" + dir.resolve("ledger/l"))
                .with("inbox.dir", dir.resolve("inbox").toString()).with("inbox.archive-dir", dir.resolve("archive").toString())
                .with("inbox.rejected-dir", dir.resolve("rejected").toString()).with("inbox.stable-after", "0s");
        return GatewayConfig.from(gateway, List.of(TestProfiles.client()));
    }

    @Test
    void ordersOfClientsWithoutAProfileAreCountedPerGlnAndLeftAlone() throws Exception {
        GatewayConfig config = config();
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder("OURS-1", 2);
        csv.addOrder("OTHER-1", 1, "klant_gln", OTHER);
        csv.addOrder("OURS-2", 1);
        csv.addOrder("OTHER-2", 3, "klant_gln", OTHER);
        csv.addOrder("THIRD-1", 1, "klant_gln", THIRD);
        Files.createDirectories(config.inboxDir());
        Files.writeString(config.inboxDir().resolve("orders_20261125-231000.csv"), csv.build());

        try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
            long run = ledger.startRun("test");
            RunReport report = new RunReport(run);
            new OrderIntake(config, ledger, Clock.systemDefaultZone()).processInbox(run, report);

            RunReport.Section orders = report.section(OrderFileReader.DOC_TYPE);
            assertThat(ledger.documents(config.client().id(), OrderFileReader.DOC_TYPE))
                    .extracting(LedgerDocument::businessKey).containsExactlyInAnyOrder("PO-OURS-1/OURS-1", "PO-OURS-2/OURS-2");
            assertThat(orders.created()).isEqualTo(2);
            assertThat(orders.skippedOtherClient()).isEqualTo(3);
            assertThat(orders.otherClients()).isEqualTo(Map.of(OTHER, 2L, THIRD, 1L));
            assertThat(orders.rejectionCount()).isZero();
            assertThat(ledger.rejections(run)).isEmpty();
            assertThat(report.toText()).contains("of clients without a profile", OTHER + ": 2", THIRD + ": 1");
        }
    }

    @Test
    void projectsOfOtherContractsAreCountedPerContractAndLeftAloneEvenWhenTheirFieldsAreWrong() throws Exception {
        GatewayConfig config = config();
        ProjectsJson json = new ProjectsJson();
        json.add("OURS-1", "RC-2025-0042");
        json.add("OTHER-1", "RC-2026-0099");
        // not ours to judge: another client's project with a status this client's mapping does not know
        json.add("OTHER-2", "RC-2026-0099", p -> p.put("status", "ONBEKEND"));
        json.add("OTHER-3", "RC-2024-0001");
        Files.createDirectories(config.inboxDir());
        Files.writeString(config.inboxDir().resolve("projects_20261125-231000.json"), json.build());

        try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
            long run = ledger.startRun("test");
            RunReport report = new RunReport(run);
            new ProjectIntake(config, ledger, Clock.systemDefaultZone()).processInbox(run, report);

            RunReport.Section projects = report.section(ProjectIntake.DOC_TYPE);
            assertThat(ledger.documents(config.client().id(), ProjectIntake.DOC_TYPE))
                    .singleElement().satisfies(d -> assertThat(d.businessKey()).startsWith("RC-2025-0042/OURS-1/"));
            assertThat(projects.otherClients()).isEqualTo(Map.of("RC-2026-0099", 2L, "RC-2024-0001", 1L));
            assertThat(ledger.rejections(run)).isEmpty();
        }
    }
}
