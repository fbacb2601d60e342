package nl.edigate.projects;

import static nl.edigate.projects.ProjectFields.cents;
import static nl.edigate.projects.ProjectFields.date;
import static nl.edigate.projects.ProjectFields.kind;
import static nl.edigate.projects.ProjectFields.nonNegative;
import static nl.edigate.projects.ProjectFields.number;
import static nl.edigate.projects.ProjectFields.present;
import static nl.edigate.projects.ProjectFields.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import nl.edigate.config.SupplierIdentity;

/**
 * Checks one project of the ERP export and maps it to the client's progress report, exactly as
 * erp-export.md says: status and severity codes, milestone status derived from the dates, percentage
 * rounded to one decimal and money to cents. Every problem is reported with its field path.
 */
public final class ProgressReportMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CONTRACT = Pattern.compile("[A-Z]{2}-[0-9]{4}-[0-9]{4}");
    private static final Map<String, String> STATUS = Map.of("GEPLAND", "PLANNED", "IN_UITVOERING", "IN_PROGRESS",
            "GESCHORST", "SUSPENDED", "OPGELEVERD", "COMPLETED");
    private static final Map<String, String> SEVERITY = Map.of("LAAG", "LOW", "MIDDEL", "MEDIUM", "HOOG", "HIGH");

    /** One problem with a project: the field path inside it and the reason. */
    public record FieldError(String field, String reason) {
    }

    /** A checked project: its business key parts and the report (without reportId yet). */
    public record Mapped(String contract, String projectCode, LocalDate reportDate, ObjectNode report) {
        public String businessKey() {
            return contract + "/" + projectCode + "/" + reportDate;
        }
    }

    /** Either a report or the errors; projectCode and contract as far as they could be read. */
    public record Result(Mapped mapped, List<FieldError> errors, String projectCode, String contract) {
    }

    private final SupplierIdentity supplier;

    public ProgressReportMapper(SupplierIdentity supplier) {
        this.supplier = supplier;
    }

    public Result map(JsonNode p) {
        List<FieldError> errors = new ArrayList<>();
        if (!p.isObject()) {
            errors.add(new FieldError("(project)", "is " + kind(p) + ", not an object"));
            return new Result(null, errors, null, null);
        }
        String code = text(p, "projectcode", true, 32, errors);
        String contract = text(p, "contractnummer", true, 0, errors);
        if (contract != null && !CONTRACT.matcher(contract).matches()) {
            errors.add(new FieldError("contractnummer", "'" + contract + "' is not a contract number like RC-2025-0042"));
        }
        String name = text(p, "naam", false, 200, errors);
        LocalDate reportDate = date(p, "peildatum", true, errors);
        String statusRaw = text(p, "status", true, 0, errors);
        String status = statusRaw == null ? null : STATUS.get(statusRaw);
        if (statusRaw != null && status == null) {
            errors.add(new FieldError("status", "'" + statusRaw + "' is not one of GEPLAND, IN_UITVOERING, GESCHORST, OPGELEVERD"));
        }
        BigDecimal percent = number(p, "gereedPercentage", true, errors);
        if (percent != null) {
            percent = percent.setScale(1, RoundingMode.HALF_UP);
            if (percent.compareTo(BigDecimal.ZERO) < 0 || percent.compareTo(new BigDecimal("100")) > 0) {
                errors.add(new FieldError("gereedPercentage", percent.toPlainString() + " is not between 0 and 100"));
            }
        }
        LocalDate planned = date(p, "geplandeOpleverdatum", true, errors);
        LocalDate actual = date(p, "werkelijkeOpleverdatum", false, errors);
        if ("COMPLETED".equals(status)) {
            if (actual == null && present(p, "werkelijkeOpleverdatum") == null) {
                errors.add(new FieldError("werkelijkeOpleverdatum", "is required when the status is OPGELEVERD"));
            }
            if (percent != null && percent.compareTo(new BigDecimal("100")) != 0) {
                errors.add(new FieldError("gereedPercentage", "must be 100 when the status is OPGELEVERD, not "
                        + percent.toPlainString()));
            }
        }

        ObjectNode report = JSON.createObjectNode();
        report.put("reportId", "");
        report.put("contractRef", contract);
        ObjectNode sup = report.putObject("supplier");
        sup.put("gln", supplier.gln());
        sup.put("kvk", supplier.kvk());
        report.put("projectCode", code);
        if (name != null) {
            report.put("projectName", name);
        }
        report.put("reportDate", reportDate == null ? null : reportDate.toString());
        report.put("status", status);
        report.put("percentComplete", percent);
        report.put("plannedCompletionDate", planned == null ? null : planned.toString());
        if (actual != null) {
            report.put("actualCompletionDate", actual.toString());
        }
        milestones(p, reportDate, report.putArray("milestones"), errors);
        JsonNode hours = present(p, "uren");
        if (hours != null) {
            if (!hours.isObject()) {
                errors.add(new FieldError("uren", "is " + kind(hours) + ", not an object"));
            } else {
                ObjectNode h = report.putObject("hours");
                h.put("planned", nonNegative(hours, "uren.", "begroot", errors));
                h.put("spent", nonNegative(hours, "uren.", "besteed", errors));
            }
        }
        JsonNode costs = present(p, "kosten");
        if (costs != null) {
            if (!costs.isObject()) {
                errors.add(new FieldError("kosten", "is " + kind(costs) + ", not an object"));
            } else {
                ObjectNode c = report.putObject("costs");
                c.put("currency", "EUR");
                c.put("budget", cents(nonNegative(costs, "kosten.", "begroot", errors)));
                c.put("actual", cents(nonNegative(costs, "kosten.", "werkelijk", errors)));
            }
        }
        risks(p, report, errors);
        String remarks = text(p, "opmerkingen", false, 4000, errors);
        if (remarks != null) {
            report.put("remarks", remarks);
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors, code, contract);
        }
        return new Result(new Mapped(contract, code, reportDate, report), errors, code, contract);
    }

    private void milestones(JsonNode p, LocalDate reportDate, ArrayNode out, List<FieldError> errors) {
        JsonNode list = present(p, "mijlpalen");
        if (list == null) {
            errors.add(new FieldError("mijlpalen", "is required (an empty list when there are none)"));
            return;
        }
        if (!list.isArray()) {
            errors.add(new FieldError("mijlpalen", "is " + kind(list) + ", not a list"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String at = "mijlpalen[" + i + "]";
            if (!m.isObject()) {
                errors.add(new FieldError(at, "is " + kind(m) + ", not an object"));
                continue;
            }
            List<FieldError> local = new ArrayList<>();
            String code = text(m, "code", true, 16, local);
            String description = text(m, "omschrijving", true, 200, local);
            LocalDate planned = date(m, "gepland", true, local);
            LocalDate actual = date(m, "werkelijk", false, local);
            for (FieldError e : local) {
                errors.add(new FieldError(at + "." + e.field(), e.reason()));
            }
            if (!local.isEmpty()) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("code", code);
            o.put("description", description);
            o.put("plannedDate", planned.toString());
            if (actual != null) {
                o.put("actualDate", actual.toString());
                o.put("status", "DONE");
            } else {
                o.put("status", reportDate != null && planned.isBefore(reportDate) ? "LATE" : "OPEN");
            }
        }
    }

    private void risks(JsonNode p, ObjectNode report, List<FieldError> errors) {
        JsonNode list = present(p, "risicos");
        if (list == null) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new FieldError("risicos", "is " + kind(list) + ", not a list"));
            return;
        }
        ArrayNode out = report.putArray("risks");
        for (int i = 0; i < list.size(); i++) {
            JsonNode r = list.get(i);
            String at = "risicos[" + i + "]";
            if (!r.isObject()) {
                errors.add(new FieldError(at, "is " + kind(r) + ", not an object"));
                continue;
            }
            List<FieldError> local = new ArrayList<>();
            String id = text(r, "id", true, 32, local);
            String severityRaw = text(r, "ernst", true, 0, local);
            String severity = severityRaw == null ? null : SEVERITY.get(severityRaw);
            if (severityRaw != null && severity == null) {
                local.add(new FieldError("ernst", "'" + severityRaw + "' is not one of LAAG, MIDDEL, HOOG"));
            }
            String description = text(r, "omschrijving", true, 1000, local);
            for (FieldError e : local) {
                errors.add(new FieldError(at + "." + e.field(), e.reason()));
            }
            if (local.isEmpty()) {
                ObjectNode o = out.addObject();
                o.put("id", id);
                o.put("severity", severity);
                o.put("description", description);
            }
        }
    }
}
