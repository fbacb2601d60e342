package nl.edigate.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.ProjectsJson;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;

/**
 * Every mapping rule of the Projects part broken at least once, in one file between good projects:
 * each rejection names the file, line, project code, field and reason, and the good projects go out.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class BadProjectRecordsTest {
    static final String FILE = "projects_20261125-231000.json";
    static final String C = "RC-2025-0042";

    record Case(String code, Consumer<ObjectNode> change, String field, String reason) {
    }

    @TempDir
    Path dir;

    @Test
    void eachBrokenRuleIsRejectedWithFileProjectFieldAndReasonWhileGoodProjectsGoOut() throws Exception {
        List<Case> cases = List.of(
                new Case("B-01", p -> p.remove("contractnummer"), "contractnummer", "is required"),
                new Case("B-02", p -> p.put("contractnummer", "RC-25-42"), "contractnummer", "not a contract number"),
                new Case("B-03", p -> p.put("projectcode", "P".repeat(33)), "projectcode", "at most 32"),
                new Case("B-04", p -> p.put("naam", "n".repeat(201)), "naam", "at most 200"),
                new Case("B-05", p -> p.remove("peildatum"), "peildatum", "is required"),
                new Case("B-06", p -> p.put("peildatum", "2026-02-30"), "peildatum", "not a date"),
                new Case("B-07", p -> p.put("peildatum", "25-11-2026"), "peildatum", "yyyy-MM-dd"),
                new Case("B-08", p -> p.put("status", "BEZIG"), "status", "not one of GEPLAND"),
                new Case("B-09", p -> p.remove("gereedPercentage"), "gereedPercentage", "is required"),
                new Case("B-10", p -> p.put("gereedPercentage", "42,5"), "gereedPercentage", "a text ('42,5'), not a number"),
                new Case("B-11", p -> p.put("gereedPercentage", 100.5), "gereedPercentage", "not between 0 and 100"),
                new Case("B-12", p -> p.put("gereedPercentage", -1), "gereedPercentage", "not between 0 and 100"),
                new Case("B-13", p -> p.remove("geplandeOpleverdatum"), "geplandeOpleverdatum", "is required"),
                new Case("B-14", p -> p.put("werkelijkeOpleverdatum", "gisteren"), "werkelijkeOpleverdatum", "not a date"),
                new Case("B-15", p -> p.put("status", "OPGELEVERD").put("gereedPercentage", 100),
                        "werkelijkeOpleverdatum", "required when the status is OPGELEVERD"),
                new Case("B-16", p -> p.put("status", "OPGELEVERD").put("werkelijkeOpleverdatum", "2026-11-20"),
                        "gereedPercentage", "must be 100 when the status is OPGELEVERD"),
                new Case("B-17", p -> p.remove("mijlpalen"), "mijlpalen", "is required"),
                new Case("B-18", p -> p.put("mijlpalen", "M1"), "mijlpalen", "not a list"),
                new Case("B-19", p -> p.withArray("mijlpalen").add(7), "mijlpalen[1]", "not an object"),
                new Case("B-20", p -> ((ObjectNode) p.withArray("mijlpalen").get(0)).remove("code"), "mijlpalen[0].code", "is required"),
                new Case("B-21", p -> ((ObjectNode) p.withArray("mijlpalen").get(0)).put("code", "M".repeat(17)),
                        "mijlpalen[0].code", "at most 16"),
                new Case("B-22", p -> ((ObjectNode) p.withArray("mijlpalen").get(0)).remove("omschrijving"),
                        "mijlpalen[0].omschrijving", "is required"),
                new Case("B-23", p -> ((ObjectNode) p.withArray("mijlpalen").get(0)).remove("gepland"),
                        "mijlpalen[0].gepland", "is required"),
                new Case("B-24", p -> ((ObjectNode) p.withArray("mijlpalen").get(0)).put("werkelijk", "2026-13-01"),
                        "mijlpalen[0].werkelijk", "not a date"),
                new Case("B-25", p -> p.put("uren", 12), "uren", "not an object"),
                new Case("B-26", p -> ((ObjectNode) p.get("uren")).put("begroot", -5), "uren.begroot", "negative"),
                new Case("B-27", p -> ((ObjectNode) p.get("uren")).put("besteed", "veel"), "uren.besteed", "not a number"),
                new Case("B-28", p -> ((ObjectNode) p.get("kosten")).remove("begroot"), "kosten.begroot", "is required"),
                new Case("B-29", p -> ((ObjectNode) p.get("kosten")).put("werkelijk", -0.01), "kosten.werkelijk", "negative"),
                new Case("B-30", p -> p.put("risicos", true), "risicos", "not a list"),
                new Case("B-31", p -> ((ObjectNode) p.withArray("risicos").get(0)).put("ernst", "KRITIEK"),
                        "risicos[0].ernst", "not one of LAAG, MIDDEL, HOOG"),
                new Case("B-32", p -> ((ObjectNode) p.withArray("risicos").get(0)).remove("id"), "risicos[0].id", "is required"),
                new Case("B-33", p -> ((ObjectNode) p.withArray("risicos").get(0)).put("omschrijving", "x".repeat(1001)),
                        "risicos[0].omschrijving", "at most 1000"),
                new Case("B-34", p -> p.put("opmerkingen", 47), "opmerkingen", "not a text"),
                new Case("B-35", p -> p.put("opmerkingen", "x".repeat(4001)), "opmerkingen", "at most 4000"));

        ProjectsJson json = new ProjectsJson().add("GOOD-1", C);
        for (Case c : cases) {
            json.add(c.code, C, c.change);
        }
        json.add(null, C, p -> p.remove("projectcode"));
        json.addRaw(42);
        json.add("GOOD-2", "RC-2026-0007", p -> p.put("status", "OPGELEVERD").put("gereedPercentage", 99.96)
                .put("werkelijkeOpleverdatum", "2026-11-24"));

        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport(FILE, json.build());
            RunReport report = gw.run();
            List<Rejection> rejections = gw.projects(report).rejections();
            String text = report.toText();

            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                long line = i + 2 + 3; // GOOD-1 is project 1 on line 4
                String label = c.code.equals("B-03") ? "#" + (i + 2) : c.code; // too long a code is not used
                assertThat(rejections).as("%s: %s %s%n%s", c.code, c.field, c.reason, text).anySatisfy(r -> {
                    assertThat(r.file()).isEqualTo(FILE);
                    assertThat(r.line()).isEqualTo(line);
                    assertThat(r.field()).isEqualTo(c.field);
                    assertThat(r.reason()).contains("project " + label)
                            .contains(c.reason);
                });
            }
            assertThat(rejections).anySatisfy(r -> assertThat(r.reason()).contains("(no projectcode)", "is required"));
            assertThat(rejections).anySatisfy(r -> assertThat(r.reason()).contains("is a number (42), not an object"));
            assertThat(gw.projects(report).rejectionCount()).isEqualTo(cases.size() + 2);
            assertThat(report.exitCode()).isEqualTo(1);

            // the good ones went out; 99.96 rounds to 100.0, which a completed project needs
            List<String> sent = gw.reports().stream().filter(d -> d.status() == DocumentStatus.SENT)
                    .map(LedgerDocument::businessKey).toList();
            assertThat(sent).containsExactlyInAnyOrder(C + "/GOOD-1/2026-11-25", "RC-2026-0007/GOOD-2/2026-11-25");
            assertThat(gw.client.api().registrations()).hasSize(2);
        }
    }
}
