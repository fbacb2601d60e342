package nl.edigate.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import nl.edigate.config.Identifiers;
import nl.edigate.orders.Order;

/**
 * Checks one row of an orders export against the rules of the Orders table. Columns are found by the
 * header names the client profile maps; every problem is reported with the column name the ERP uses.
 * <p>A little over 300 lines: it is the Orders table of erp-export.md, rule by rule and in its order, so
 * that a reader can hold the two side by side; split up, the table would be in several places.
 */
public final class OrderRowParser {
    /** The order-level fields, repeated on every row of an order; they must agree. */
    static final List<String> ORDER_FIELDS = List.of("ordernummer", "orderdatum", "klant_ordernummer", "klant_gln",
            "project", "status", "leverdatum", "afleveradres_straat", "afleveradres_postcode", "afleveradres_plaats",
            "afleveradres_land");
    static final List<String> LINE_FIELDS = List.of("regelnummer", "klant_regelnummer", "regelstatus", "artikelcode",
            "klant_artikelcode", "gtin", "omschrijving", "aantal", "eenheid", "prijs", "btw");
    static final Set<String> OPTIONAL = Set.of("project", "afleveradres_straat", "afleveradres_postcode",
            "afleveradres_plaats", "afleveradres_land", "klant_artikelcode", "gtin", "leverdatum");

    static final Map<String, String> UNITS = Map.of("st", "C62", "m", "MTR", "m2", "MTK", "m3", "MTQ", "kg", "KGM",
            "ton", "TNE", "l", "LTR", "uur", "HUR", "doos", "XBX");
    private static final Set<String> VAT_RATES = Set.of("21", "9", "0");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    /** A quantity or price of a trillion is no order line; bounded before any arithmetic. */
    static final int MAX_INTEGER_DIGITS = 12;
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(,[0-9]+)?");
    private static final Pattern NL_POSTCODE = Pattern.compile("[1-9][0-9]{3} [A-Z]{2}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd-MM-uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    /** A row after checking: its order fields as written, its parsed line, and what is wrong with it. */
    public record ParsedRow(long line, String orderNumber, Map<String, String> orderFields, Order.Line orderLine,
                            List<FieldError> errors, Map<String, String> raw) {
    }

    public record FieldError(long line, String column, String reason) {
    }

    private final String file;
    private final ReadingRules rules;
    private final Map<String, Integer> index = new HashMap<>();
    private final int headerSize;
    private final List<String> header;

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

    /** @throws IllegalArgumentException naming the missing columns when the header lacks a required one */
    public OrderRowParser(String file, ReadingRules rules, List<String> header) {
        this.file = file;
        this.rules = rules;
        this.headerSize = header.size();
        this.header = List.copyOf(header);
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.putIfAbsent(header.get(i).trim(), i);
        }
        List<String> missing = new ArrayList<>();
        for (String field : allFields()) {
            Integer i = byName.get(column(field));
            if (i != null) {
                index.put(field, i);
            } else if (!OPTIONAL.contains(field) || field.equals("leverdatum")) {
                missing.add(column(field));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the header lacks the required column(s) " + String.join(", ", missing));
        }
    }

    static List<String> allFields() {
        List<String> all = new ArrayList<>(ORDER_FIELDS);
        all.addAll(LINE_FIELDS);
        return all;
    }

    public String file() {
        return file;
    }

    String column(String field) {
        return rules.column(field);
    }

    /** The order number of a row, or null; used by the pre-scan without checking the rest. */
    public String orderNumberOf(List<String> fields) {
        return raw(fields, "ordernummer");
    }

    private String raw(List<String> fields, String field) {
        Integer i = index.get(field);
        if (i == null || i >= fields.size()) {
            return null;
        }
        String v = fields.get(i).trim();
        return v.isEmpty() ? null : v;
    }

    public ParsedRow parse(CsvReader.Row row) {
        List<String> f = row.fields();
        long line = row.line();
        List<FieldError> errors = new ArrayList<>();
        if (f.size() != headerSize) {
            errors.add(new FieldError(line, "(record)", "has " + f.size() + " fields where the header has " + headerSize));
        }
        for (Map.Entry<String, Integer> column : index.entrySet()) {
            int i = column.getValue();
            if (i < f.size()) {
                int bad = firstControlCharacter(f.get(i));
                if (bad >= 0) {
                    errors.add(err(line, column.getKey(), String.format("contains the control character U+%04X,"
                            + " which cannot be sent in XML", bad)));
                }
            }
        }
        Map<String, String> orderFields = new LinkedHashMap<>();
        for (String field : ORDER_FIELDS) {
            orderFields.put(field, raw(f, field));
        }
        String orderNumber = required(f, "ordernummer", line, errors);
        LocalDate orderDate = date(required(f, "orderdatum", line, errors), "orderdatum", line, errors);
        required(f, "klant_ordernummer", line, errors);
        String gln = required(f, "klant_gln", line, errors);
        if (gln != null && !Identifiers.isValidGln(gln)) {
            errors.add(err(line, "klant_gln", "'" + gln + "' is not a GLN: 13 digits with a valid GS1 check digit"));
        }
        Order.Status status = enumValue(Order.Status.class, required(f, "status", line, errors), "status", line, errors);
        String deliveryRaw = raw(f, "leverdatum");
        if (deliveryRaw == null && status != null && status != Order.Status.AFGEWEZEN) {
            errors.add(err(line, "leverdatum", "is required unless the status is AFGEWEZEN"));
        }
        LocalDate delivery = date(deliveryRaw, "leverdatum", line, errors);
        if (delivery != null && orderDate != null && delivery.isBefore(orderDate)) {
            errors.add(err(line, "leverdatum", delivery + " lies before the orderdatum " + orderDate));
        }
        String country = raw(f, "afleveradres_land");
        if (country != null && !(country.length() == 2 && COUNTRIES.contains(country))) {
            errors.add(err(line, "afleveradres_land", "'" + country + "' is not an ISO 3166 alpha-2 country code"));
        }
        String postcode = raw(f, "afleveradres_postcode");
        if (postcode != null && (country == null || country.equals("NL")) && !NL_POSTCODE.matcher(postcode).matches()) {
            errors.add(err(line, "afleveradres_postcode", "'" + postcode + "' is not a Dutch postcode like 1234 AB"));
        }

        Integer lineNumber = null;
        String lineNumberRaw = required(f, "regelnummer", line, errors);
        if (lineNumberRaw != null) {
            try {
                lineNumber = Integer.parseInt(lineNumberRaw);
            } catch (NumberFormatException e) {
                lineNumber = null;
            }
            if (lineNumber == null || lineNumber <= 0) {
                errors.add(err(line, "regelnummer", "'" + lineNumberRaw + "' is not a positive whole number"));
                lineNumber = null;
            }
        }
        String clientLine = required(f, "klant_regelnummer", line, errors);
        Order.LineStatus lineStatus = enumValue(Order.LineStatus.class, required(f, "regelstatus", line, errors),
                "regelstatus", line, errors);
        String itemCode = required(f, "artikelcode", line, errors);
        String gtin = raw(f, "gtin");
        if (gtin != null && !Identifiers.isValidGtin(gtin)) {
            errors.add(err(line, "gtin", "'" + gtin + "' is not a GTIN: 8, 12, 13 or 14 digits with a valid check digit"));
        }
        String description = required(f, "omschrijving", line, errors);
        if (description != null && description.length() > 200) {
            errors.add(err(line, "omschrijving", "is " + description.length() + " characters long, at most 200 are allowed"));
        }
        BigDecimal quantity = decimal(required(f, "aantal", line, errors), "aantal", line, errors);
        if (quantity != null && lineStatus != null) {
            if (lineStatus == Order.LineStatus.VERVALLEN ? quantity.signum() < 0 : quantity.signum() <= 0) {
                errors.add(err(line, "aantal", quantity.toPlainString()
                        + (lineStatus == Order.LineStatus.VERVALLEN ? " is negative" : " must be greater than 0")));
            }
        }
        String unitRaw = required(f, "eenheid", line, errors);
        String unit = unitRaw == null ? null : UNITS.get(unitRaw);
        if (unitRaw != null && unit == null) {
            errors.add(err(line, "eenheid", "'" + unitRaw + "' is not one of st, m, m2, m3, kg, ton, l, uur, doos"));
        }
        BigDecimal price = decimal(required(f, "prijs", line, errors), "prijs", line, errors);
        if (price != null && price.signum() < 0) {
            errors.add(err(line, "prijs", price.toPlainString() + " is negative"));
        }
        String vat = required(f, "btw", line, errors);
        if (vat != null && !VAT_RATES.contains(vat)) {
            errors.add(err(line, "btw", "'" + vat + "' is not one of the VAT percentages 21, 9 or 0"));
        }
        Order.Line orderLine = null;
        if (errors.isEmpty()) {
            orderLine = new Order.Line(lineNumber, clientLine, lineStatus, itemCode,
                    rules.clientItemCode(gln, raw(f, "klant_artikelcode")), gtin,
                    description, quantity, unit, price, new BigDecimal(vat), line);
        }
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < header.size() && i < f.size(); i++) {
            raw.putIfAbsent(header.get(i).trim(), f.get(i));
        }
        return new ParsedRow(line, orderNumber, orderFields, orderLine, errors, raw);
    }

    /** Builds the order from the already checked order fields of its first row. */
    Order toOrder(Map<String, String> o, List<Order.Line> lines, long firstLine, String sourceRecord) {
        String country = o.get("afleveradres_land") == null ? "NL" : o.get("afleveradres_land");
        Order.Address address = new Order.Address(o.get("afleveradres_straat"), o.get("afleveradres_postcode"),
                o.get("afleveradres_plaats"), country);
        return new Order(o.get("ordernummer"), LocalDate.parse(o.get("orderdatum"), DATE), o.get("klant_ordernummer"),
                o.get("klant_gln"), o.get("project"), Order.Status.valueOf(o.get("status")),
                o.get("leverdatum") == null ? null : LocalDate.parse(o.get("leverdatum"), DATE), address, lines, file,
                firstLine, sourceRecord);
    }

    private FieldError err(long line, String field, String reason) {
        return new FieldError(line, column(field), reason);
    }

    private String required(List<String> f, String field, long line, List<FieldError> errors) {
        String v = raw(f, field);
        if (v == null) {
            errors.add(err(line, field, "is required but empty"));
        }
        return v;
    }

    private LocalDate date(String v, String field, long line, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        try {
            return LocalDate.parse(v, DATE);
        } catch (DateTimeParseException e) {
            errors.add(err(line, field, "'" + v + "' is not a date in the form dd-MM-yyyy"));
            return null;
        }
    }

    private BigDecimal decimal(String v, String field, long line, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        if (v.length() > 30 || !DECIMAL.matcher(v).matches()) {
            errors.add(err(line, field, "'" + abbreviate(v) + "' is not a number with a decimal comma and no thousands separator"));
            return null;
        }
        BigDecimal d = new BigDecimal(v.replace(',', '.'));
        if (d.scale() > 4) {
            errors.add(err(line, field, "'" + v + "' has more than 4 decimals"));
            return null;
        }
        if (d.precision() - d.scale() > MAX_INTEGER_DIGITS) {
            errors.add(err(line, field, "'" + v + "' is too large (at most " + MAX_INTEGER_DIGITS
                    + " digits before the decimal comma)"));
            return null;
        }
        return d;
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, String v, String field, long line, List<FieldError> errors) {
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
            errors.add(err(line, field, "'" + abbreviate(v) + "' is not one of " + String.join(", ", allowed)));
            return null;
        }
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
