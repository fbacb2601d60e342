package nl.edigate.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The columns of a CSV export found by header name, and the checks every field of every export shares
 * (erp-export.md: semicolons, decimal comma without thousands separator, dates {@code dd-MM-yyyy}, no
 * control characters): each problem said with the line and the column name the ERP uses.
 */
final class RowFields {
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu").withResolverStyle(ResolverStyle.STRICT);
    /** A quantity, price or amount of a trillion is no business record; bounded before any arithmetic. */
    static final int MAX_INTEGER_DIGITS = 12;
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(,[0-9]+)?");

    /** One problem: the line, the column as the ERP names it, the reason. */
    public record FieldError(long line, String column, String reason) {
    }

    private final UnaryOperator<String> column;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> header;

    /**
     * @param column   the ERP's column name of a field (a profile may rename them)
     * @param fields   every field the export has
     * @param required the fields whose column must be in the header
     * @throws IllegalArgumentException naming the missing columns when the header lacks a required one
     */
    RowFields(List<String> header, UnaryOperator<String> column, Collection<String> fields, Collection<String> required) {
        this.column = column;
        this.header = List.copyOf(header);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.putIfAbsent(header.get(i).trim(), i);
        }
        List<String> missing = new ArrayList<>();
        for (String field : fields) {
            Integer i = byName.get(column.apply(field));
            if (i != null) {
                index.put(field, i);
            } else if (required.contains(field)) {
                missing.add(column.apply(field));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header lacks the required column(s) " + String.join(", ", missing));
        }
    }

    String column(String field) {
        return column.apply(field);
    }

    List<String> header() {
        return header;
    }

    /** The header line again (two exports joined into one file): one clear rejection, not a dozen odd ones. */
    boolean isHeader(List<String> fields) {
        if (fields.size() != header.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.get(i).trim().equals(header.get(i).trim())) {
                return false;
            }
        }
        return true;
    }

    /** A field's value as written, trimmed; null when absent or empty (no row needed: for the pre-scan). */
    String raw(List<String> fields, String field) {
        Integer i = index.get(field);
        if (i == null || i >= fields.size()) {
            return null;
        }
        String v = fields.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    /** One row under check: the shared checks made at once, the field checks as the parser asks for them. */
    Row check(CsvReader.Row row) {
        return new Row(row);
    }

    final class Row {
        private final List<String> f;
        final long line;
        final List<FieldError> errors = new ArrayList<>();

        private Row(CsvReader.Row row) {
            this.f = row.fields();
            this.line = row.line();
            if (f.size() != header.size()) {
                errors.add(new FieldError(line, "(record)", "has " + f.size() + " fields where the header has " + header.size()));
            }
            for (Map.Entry<String, Integer> c : index.entrySet()) {
                int i = c.getValue();
                if (i < f.size()) {
                    int bad = firstControlCharacter(f.get(i));
                    if (bad >= 0) {
                        error(c.getKey(), String.format("contains the control character U+%04X, which cannot be sent in XML", bad));
                    } else if (!FREE_TEXT.contains(c.getKey()) && (bad = firstLineBreakOrTab(f.get(i))) >= 0) {
                        // an identifier is one line: a line break in it would forge a row of `messages`
                        error(c.getKey(), String.format("contains a line break or tab (U+%04X); only a description"
                                + " may run over lines", bad));
                    }
                }
            }
        }

        String raw(String field) {
            return RowFields.this.raw(f, field);
        }

        void error(String field, String reason) {
            errors.add(new FieldError(line, column(field), reason));
        }

        String required(String field) {
            String v = raw(field);
            if (v == null) {
                error(field, "is required but empty");
            }
            return v;
        }

        LocalDate date(String v, String field) {
            if (v == null) {
                return null;
            }
            try {
                return LocalDate.parse(v, DATE);
            } catch (DateTimeParseException e) {
                error(field, "'" + v + "' is not a date in the form dd-MM-yyyy");
                return null;
            }
        }

        /** A decimal with a decimal comma and at most {@code maxDecimals} decimals. */
        BigDecimal decimal(String v, String field, int maxDecimals) {
            if (v == null) {
                return null;
            }
            if (v.length() > 30 || !DECIMAL.matcher(v).matches()) {
                error(field, "'" + abbreviate(v) + "' is not a number with a decimal comma and no thousands separator");
                return null;
            }
            BigDecimal d = new BigDecimal(v.replace(',', '.'));
            if (d.scale() > maxDecimals) {
                error(field, "'" + v + "' has more than " + maxDecimals + " decimals");
                return null;
            }
            if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
                error(field, "'" + v + "' is too large (at most " + MAX_INTEGER_DIGITS + " digits before the decimal comma)");
                return null;
            }
            return d;
        }

        <E extends Enum<E>> E enumValue(Class<E> type, String v, String field) {
            if (v == null) {
                return null;
            }
            try {
                return Enum.valueOf(type, v);
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    allowed.add(c.name());
                }
                error(field, "'" + abbreviate(v) + "' is not one of " + String.join(", ", allowed));
                return null;
            }
        }

        /** A positive whole number, or null with the reason. */
        Integer positive(String v, String field) {
            if (v == null) {
                return null;
            }
            try {
                int n = Integer.parseInt(v);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            error(field, "'" + abbreviate(v) + "' is not a positive whole number");
            return null;
        }

        /** Every column as written, by header name (the source record a resend re-renders from). */
        Map<String, String> rawColumns() {
            Map<String, String> raw = new LinkedHashMap<>();
            for (int i = 0; i < header.size() && i < f.size(); i++) {
                raw.putIfAbsent(header.get(i).trim(), f.get(i));
            }
            return raw;
        }
    }

    /** The only fields that may hold a line break or a tab: free text, never a number, code or name of a thing. */
    static final Set<String> FREE_TEXT = Set.of("omschrijving");

    /** The first tab, CR or LF, or -1. */
    static int firstLineBreakOrTab(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                return c;
            }
        }
        return -1;
    }

    /** The first character below U+0020 other than tab, CR and LF (and U+FFFE/U+FFFF), or -1. */
    static int firstControlCharacter(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
                return c;
            }
        }
        return -1;
    }

    static String abbreviate(String v) {
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }
}
