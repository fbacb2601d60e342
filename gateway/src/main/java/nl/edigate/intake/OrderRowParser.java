package nl.edigate.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import nl.edigate.config.Identifiers;
import nl.edigate.orders.Order;

/**
 * Checks one row of an orders export against the rules of the Orders table, rule by rule and in its
 * order. Columns are found by the header names the client profiles map; every problem is reported with
 * the column name the ERP uses ({@link RowFields} has the checks every export shares).
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
    private static final Pattern NL_POSTCODE = Pattern.compile("[1-9][0-9]{3} [A-Z]{2}");

    /** A row after checking: its order fields as written, its parsed line, and what is wrong with it. */
    public record ParsedRow(long line, String orderNumber, Map<String, String> orderFields, Order.Line orderLine,
                            List<RowFields.FieldError> errors, Map<String, String> raw) {
    }

    private final String file;
    private final ReadingRules rules;
    private final RowFields fields;

    /** The header line again (two exports joined into one file): one clear rejection, not a dozen odd ones. */
    boolean isHeader(List<String> row) {
        return fields.isHeader(row);
    }

    /** @throws IllegalArgumentException naming the missing columns when the header lacks a required one */
    public OrderRowParser(String file, ReadingRules rules, List<String> header) {
        this.file = file;
        this.rules = rules;
        List<String> required = new ArrayList<>(allFields());
        required.removeIf(f -> OPTIONAL.contains(f) && !f.equals("leverdatum"));
        this.fields = new RowFields(header, rules::column, allFields(), required);
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
    public String orderNumberOf(List<String> row) {
        return fields.raw(row, "ordernummer");
    }

    public ParsedRow parse(CsvReader.Row row) {
        RowFields.Row r = fields.check(row);
        long line = r.line;
        Map<String, String> orderFields = new LinkedHashMap<>();
        for (String field : ORDER_FIELDS) {
            orderFields.put(field, r.raw(field));
        }
        String orderNumber = r.required("ordernummer");
        LocalDate orderDate = r.date(r.required("orderdatum"), "orderdatum");
        r.required("klant_ordernummer");
        String gln = r.required("klant_gln");
        if (gln != null && !Identifiers.isValidGln(gln)) {
            r.error("klant_gln", "'" + gln + "' is not a GLN: 13 digits with a valid GS1 check digit");
        }
        Order.Status status = r.enumValue(Order.Status.class, r.required("status"), "status");
        String deliveryRaw = r.raw("leverdatum");
        if (deliveryRaw == null && status != null && status != Order.Status.AFGEWEZEN) {
            r.error("leverdatum", "is required unless the status is AFGEWEZEN");
        }
        LocalDate delivery = r.date(deliveryRaw, "leverdatum");
        if (delivery != null && orderDate != null && delivery.isBefore(orderDate)) {
            r.error("leverdatum", delivery + " lies before the orderdatum " + orderDate);
        }
        String country = r.raw("afleveradres_land");
        if (country != null && !(country.length() == 2 && COUNTRIES.contains(country))) {
            r.error("afleveradres_land", "'" + country + "' is not an ISO 3166 alpha-2 country code");
        }
        String postcode = r.raw("afleveradres_postcode");
        if (postcode != null && (country == null || country.equals("NL")) && !NL_POSTCODE.matcher(postcode).matches()) {
            r.error("afleveradres_postcode", "'" + postcode + "' is not a Dutch postcode like 1234 AB");
        }

        Integer lineNumber = r.positive(r.required("regelnummer"), "regelnummer");
        String clientLine = r.required("klant_regelnummer");
        Order.LineStatus lineStatus = r.enumValue(Order.LineStatus.class, r.required("regelstatus"), "regelstatus");
        String itemCode = r.required("artikelcode");
        String gtin = r.raw("gtin");
        if (gtin != null && !Identifiers.isValidGtin(gtin)) {
            r.error("gtin", "'" + gtin + "' is not a GTIN: 8, 12, 13 or 14 digits with a valid check digit");
        }
        String description = r.required("omschrijving");
        if (description != null && description.length() > 200) {
            r.error("omschrijving", "is " + description.length() + " characters long, at most 200 are allowed");
        }
        BigDecimal quantity = r.decimal(r.required("aantal"), "aantal", 4);
        if (quantity != null && lineStatus != null) {
            if (lineStatus == Order.LineStatus.VERVALLEN ? quantity.signum() < 0 : quantity.signum() <= 0) {
                r.error("aantal", quantity.toPlainString()
                        + (lineStatus == Order.LineStatus.VERVALLEN ? " is negative" : " must be greater than 0"));
            }
        }
        String unitRaw = r.required("eenheid");
        String unit = unitRaw == null ? null : UNITS.get(unitRaw);
        if (unitRaw != null && unit == null) {
            r.error("eenheid", "'" + unitRaw + "' is not one of st, m, m2, m3, kg, ton, l, uur, doos");
        }
        BigDecimal price = r.decimal(r.required("prijs"), "prijs", 4);
        if (price != null && price.signum() < 0) {
            r.error("prijs", price.toPlainString() + " is negative");
        }
        String vat = r.required("btw");
        if (vat != null && !VAT_RATES.contains(vat)) {
            r.error("btw", "'" + vat + "' is not one of the VAT percentages 21, 9 or 0");
        }
        Order.Line orderLine = null;
        if (r.errors.isEmpty()) {
            orderLine = new Order.Line(lineNumber, clientLine, lineStatus, itemCode,
                    rules.clientItemCode(gln, r.raw("klant_artikelcode")), gtin,
                    description, quantity, unit, price, new BigDecimal(vat), line);
        }
        return new ParsedRow(line, orderNumber, orderFields, orderLine, List.copyOf(r.errors), r.rawColumns());
    }

    /** Builds the order from the already checked order fields of its first row. */
    Order toOrder(Map<String, String> o, List<Order.Line> lines, long firstLine, String sourceRecord) {
        String country = o.get("afleveradres_land") == null ? "NL" : o.get("afleveradres_land");
        Order.Address address = new Order.Address(o.get("afleveradres_straat"), o.get("afleveradres_postcode"),
                o.get("afleveradres_plaats"), country);
        return new Order(o.get("ordernummer"), LocalDate.parse(o.get("orderdatum"), RowFields.DATE), o.get("klant_ordernummer"),
                o.get("klant_gln"), o.get("project"), Order.Status.valueOf(o.get("status")),
                o.get("leverdatum") == null ? null : LocalDate.parse(o.get("leverdatum"), RowFields.DATE), address, lines, file,
                firstLine, sourceRecord);
    }
}
