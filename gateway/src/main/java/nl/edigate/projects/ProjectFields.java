package nl.edigate.projects;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading one field of a project: present or not, of the right kind, within its length or bounds, with
 * the reason when it is not. Numbers are bounded before any arithmetic.
 */
final class ProjectFields {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private ProjectFields() {
    }

    /** The node of a field, or null when it is absent or JSON null. */
    static JsonNode present(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v;
    }

    static String text(JsonNode o, String field, boolean required, int maxLength, List<ProgressReportMapper.FieldError> errors) {
        JsonNode v = present(o, field);
        if (v == null) {
            if (required) {
                errors.add(new ProgressReportMapper.FieldError(field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new ProgressReportMapper.FieldError(field, "is " + kind(v) + ", not a text"));
            return null;
        }
        String s = v.textValue();
        if (required && s.isBlank()) {
            errors.add(new ProgressReportMapper.FieldError(field, "is required but empty"));
            return null;
        }
        if (maxLength > 0 && s.length() > maxLength) {
            errors.add(new ProgressReportMapper.FieldError(field, "is " + s.length() + " characters long, at most " + maxLength + " are allowed"));
            return null;
        }
        return s;
    }

    static LocalDate date(JsonNode o, String field, boolean required, List<ProgressReportMapper.FieldError> errors) {
        String s = text(o, field, required, 0, errors);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            errors.add(new ProgressReportMapper.FieldError(field, "'" + abbreviate(s) + "' is not a date in the form yyyy-MM-dd"));
            return null;
        }
    }

    static BigDecimal number(JsonNode o, String field, boolean required, List<ProgressReportMapper.FieldError> errors) {
        JsonNode v = present(o, field);
        if (v == null) {
            if (required) {
                errors.add(new ProgressReportMapper.FieldError(field, "is required"));
            }
            return null;
        }
        if (!v.isNumber()) {
            errors.add(new ProgressReportMapper.FieldError(field, "is " + kind(v) + ", not a number"));
            return null;
        }
        return bounded(field, v.decimalValue(), errors);
    }

    /** The most digits before the decimal point of any number of the export (hours, euros, percent). */
    static final int MAX_INTEGER_DIGITS = 12;
    /** The most decimals: more is no measurement, and rounding them would be costly to no purpose. */
    static final int MAX_DECIMALS = 10;

    /**
     * A number within the bounds, checked on precision and scale alone (no arithmetic): 1e999999999
     * is 12 bytes of JSON, but rounding it would compute a number of a billion digits.
     */
    static BigDecimal bounded(String field, BigDecimal n, List<ProgressReportMapper.FieldError> errors) {
        long integerDigits = (long) n.precision() - n.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            errors.add(new ProgressReportMapper.FieldError(field, abbreviate(n.toString()) + " is too large (at most " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point)"));
            return null;
        }
        if (n.scale() > MAX_DECIMALS) {
            errors.add(new ProgressReportMapper.FieldError(field, abbreviate(n.toString()) + " has more than " + MAX_DECIMALS + " decimals"));
            return null;
        }
        return n;
    }

    static BigDecimal nonNegative(JsonNode o, String prefix, String field, List<ProgressReportMapper.FieldError> errors) {
        List<ProgressReportMapper.FieldError> local = new ArrayList<>();
        BigDecimal n = number(o, field, true, local);
        if (n != null && n.signum() < 0) {
            local.add(new ProgressReportMapper.FieldError(field, n.toPlainString() + " is negative"));
            n = null;
        }
        for (ProgressReportMapper.FieldError e : local) {
            errors.add(new ProgressReportMapper.FieldError(prefix + e.field(), e.reason()));
        }
        return n;
    }

    static BigDecimal cents(BigDecimal v) {
        return v == null ? null : v.setScale(2, RoundingMode.HALF_UP);
    }

    static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "a text ('" + abbreviate(v.textValue()) + "')";
        }
        if (v.isNumber()) {
            return "a number (" + v.asText() + ")";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "an object";
        }
        return "null";
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
