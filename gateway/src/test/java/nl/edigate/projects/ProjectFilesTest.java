package nl.edigate.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.ProjectsJson;
import nl.edigate.report.RunReport;

/** Whole project files that cannot be read are set aside with the reason; the others go on. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class ProjectFilesTest {

    @TempDir
    Path dir;

    @Test
    void brokenFilesAreSetAsideWholeAndTheGoodOneIsDelivered() throws Exception {
        String good = new ProjectsJson().add("P-1", "RC-2025-0042").build();
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-230000.json", "");
            gw.putExport("projects_20261125-230100.json", "projecten: P-1");
            gw.putExport("projects_20261125-230200.json", good.substring(0, good.length() / 2));
            gw.putExport("projects_20261125-230300.json", good.replace("\"naam\":", "\"status\":\"GEPLAND\",\"naam\":"));
            gw.putExport("projects_20261125-230400.json", "{\"projecten\": [" + "[".repeat(40) + "]".repeat(40) + "]}");
            gw.putExport("projects_20261125-230500.json", "{\"exportDatum\": \"2026-11-25\"}");
            gw.putExport("projects_20261125-230600.json", "{\"projecten\": {}}");
            Files.write(gw.config.inboxDir().resolve("projects_20261125-230700.json"),
                    good.replace("Project P-1", "Project P-1 café").getBytes(Charset.forName("windows-1252")));
            gw.putExport("projects_2026.json", good);
            byte[] body = new ProjectsJson().add("P-2", "RC-2025-0042").build().getBytes(StandardCharsets.UTF_8);
            byte[] bom = new byte[body.length + 3];
            bom[0] = (byte) 0xEF;
            bom[1] = (byte) 0xBB;
            bom[2] = (byte) 0xBF;
            System.arraycopy(body, 0, bom, 3, body.length);
            Files.write(gw.config.inboxDir().resolve("projects_20261125-231000.json"), bom);

            RunReport report = gw.run();
            List<String> aside = gw.projects(report).filesSetAside();

            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230000.json: the file is empty"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230100.json: not readable as JSON: line 1"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230200.json: not readable as JSON"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230300.json:") && s.contains("Duplicate field 'status'"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230400.json:") && s.contains("nesting depth"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230500.json: the file has no 'projecten' array"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230600.json:") && s.contains("not an array"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_20261125-230700.json: not readable as UTF-8"));
            assertThat(aside).anyMatch(s -> s.startsWith("projects_2026.json: the name does not match"));
            assertThat(aside).hasSize(9);
            assertThat(gw.projects(report).delivered()).as(report.toText()).isEqualTo(1);
            assertThat(gw.reports()).singleElement().satisfies(d -> assertThat(d.businessKey()).contains("P-2"));
        }
    }
}
