package nl.edigate.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.edigate.ProjectsJson;
import nl.edigate.TestProfiles;
import nl.edigate.validation.ProgressReportSchema;

class ProgressReportMapperTest {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    final ProgressReportMapper mapper = new ProgressReportMapper(TestProfiles.gateway().supplier());

    ObjectNode map(ObjectNode project) throws Exception {
        // through text, as the reader sees it: decimals stay exact
        JsonNode parsed = JSON.readTree(JSON.writeValueAsString(project));
        ProgressReportMapper.Result r = mapper.map(parsed);
        assertThat(r.errors()).isEmpty();
        return r.mapped().report();
    }

    @ParameterizedTest
    @CsvSource({"GEPLAND,PLANNED", "IN_UITVOERING,IN_PROGRESS", "GESCHORST,SUSPENDED"})
    void statusCodes(String erp, String client) throws Exception {
        ObjectNode p = ProjectsJson.project("P-1", "RC-2025-0042");
        p.put("status", erp);
        assertThat(map(p).get("status").asText()).isEqualTo(client);
    }

    @ParameterizedTest
    @CsvSource({"LAAG,LOW", "MIDDEL,MEDIUM", "HOOG,HIGH"})
    void severityCodes(String erp, String client) throws Exception {
        ObjectNode p = ProjectsJson.project("P-1", "RC-2025-0042");
        ((ObjectNode) p.withArray("risicos").get(0)).put("ernst", erp);
        assertThat(map(p).get("risks").get(0).get("severity").asText()).isEqualTo(client);
    }

    @ParameterizedTest
    @CsvSource({"42.54,42.5", "42.55,42.6", "0,0.0", "99.94,99.9", "12.05,12.1"})
    void percentageRoundedToOneDecimal(String in, String out) throws Exception {
        ObjectNode p = ProjectsJson.project("P-1", "RC-2025-0042");
        p.put("gereedPercentage", new BigDecimal(in));
        assertThat(map(p).get("percentComplete").decimalValue()).isEqualByComparingTo(out);
    }

    @Test
    void moneyRoundedToCentsAndTheReportConformsToTheSchema() throws Exception {
        ObjectNode p = ProjectsJson.project("P-1", "RC-2025-0042");
        ((ObjectNode) p.get("kosten")).put("begroot", new BigDecimal("1250000.005"));
        ((ObjectNode) p.get("kosten")).put("werkelijk", new BigDecimal("512340.254"));
        ObjectNode report = map(p);
        assertThat(report.get("costs").get("budget").decimalValue()).isEqualByComparingTo("1250000.01");
        assertThat(report.get("costs").get("actual").decimalValue()).isEqualByComparingTo("512340.25");
        assertThat(report.get("costs").get("currency").asText()).isEqualTo("EUR");
        report.put("reportId", "PR-test");
        assertThat(ProgressReportSchema.get().validate(JSON.writeValueAsString(report))).isEmpty();
    }

    @Test
    void milestoneStatusFollowsTheDates() throws Exception {
        ObjectNode p = ProjectsJson.project("P-1", "RC-2025-0042");
        p.put("peildatum", "2026-11-25");
        var list = p.putArray("mijlpalen");
        list.addObject().put("code", "DONE").put("omschrijving", "d").put("gepland", "2026-12-01").put("werkelijk", "2026-11-20");
        list.addObject().put("code", "LATE").put("omschrijving", "l").put("gepland", "2026-11-24").putNull("werkelijk");
        list.addObject().put("code", "TODAY").put("omschrijving", "t").put("gepland", "2026-11-25");
        list.addObject().put("code", "OPEN").put("omschrijving", "o").put("gepland", "2027-01-01");
        JsonNode m = map(p).get("milestones");
        assertThat(m.get(0).get("status").asText()).isEqualTo("DONE");
        assertThat(m.get(0).get("actualDate").asText()).isEqualTo("2026-11-20");
        assertThat(m.get(1).get("status").asText()).isEqualTo("LATE");
        assertThat(m.get(1).has("actualDate")).isFalse();
        assertThat(m.get(2).get("status").asText()).isEqualTo("OPEN");
        assertThat(m.get(3).get("status").asText()).isEqualTo("OPEN");
    }

    @Test
    void supplierIdentifiersComeFromTheConfiguration() throws Exception {
        ObjectNode report = map(ProjectsJson.project("P-1", "RC-2025-0042"));
        assertThat(report.get("supplier").get("gln").asText()).isEqualTo("8712345000004");
        assertThat(report.get("supplier").get("kvk").asText()).isEqualTo("12345678");
        assertThat(report.get("hours").get("spent").decimalValue()).isEqualByComparingTo("2210.5");
    }
}
