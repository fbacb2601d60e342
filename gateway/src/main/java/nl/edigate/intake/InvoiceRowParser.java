package nl.edigate.intake;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.edigate.config.Identifiers;
import nl.edigate.invoices.Invoice;

/**
 * Checks one row of an invoices export against the rules of the Invoices table (erp-export.md), rule by
 * rule and in its order; the rules between the rows of one invoice are {@link InvoiceFileReader}'s.
 */
public final class InvoiceRowParser {
    /** The invoice-level fields, repeated on every row of an invoice; they must agree. */
    static final List<String> INVOICE_FIELDS = List.of("factuurnummer", "soort", "factuurdatum", "vervaldatum",
            "klant_id_schema", "klant_id", "klant_naam", "klant_btw", "klant_referentie", "klant_ordernummer",
            "contractnummer", "project", "origineel_factuurnummer", "totaal_incl_btw");
    static final List<String> LINE_FIELDS = List.of("regelnummer", "omschrijving", "artikelcode", "aantal", "eenheid",
            "prijs", "btw");
    static final Set<String> OPTIONAL = Set.of("klant_btw", "klant_referentie", "klant_ordernummer", "contractnummer",
            "project", "origineel_factuurnummer", "artikelcode");
    /** The buyer identifier schemes and what each identifier looks like. */
    static final Set<String> SCHEMES = Set.of("0190", "0106", "0088");
    private static final Map<String, BigDecimal> RATES = Map.of("21", new BigDecimal("21"), "9", new BigDecimal("9"),
            "0", BigDecimal.ZERO, "VERLEGD", BigDecimal.ZERO);

    /** A row after checking: its invoice fields as written, its parsed line, and what is wrong with it. */
    public record ParsedRow(long line, String invoiceNumber, Map<String, String> invoiceFields, Invoice.Line invoiceLine,
                            List<RowFields.FieldError> errors, Map<String, String> raw) {
    }

    private final String file;
    private final RowFields fields;

    /** @throws IllegalArgumentException naming the missing columns when the header lacks a required one */
    public InvoiceRowParser(String file, List<String> header) {
        this.file = file;
        List<String> all = new ArrayList<>(INVOICE_FIELDS);
        all.addAll(LINE_FIELDS);
        List<String> required = new ArrayList<>(all);
        required.removeAll(OPTIONAL);
        this.fields = new RowFields(header, f -> f, all, required);
    }

    public String file() {
        return file;
    }

    String column(String field) {
        return fields.column(field);
    }

    boolean isHeader(List<String> row) {
        return fields.isHeader(row);
    }

    /** The invoice number of a row, or null; used by the pre-scan without checking the rest. */
    String invoiceNumberOf(List<String> row) {
        return fields.raw(row, "factuurnummer");
    }

    public ParsedRow parse(CsvReader.Row row) {
        RowFields.Row r = fields.check(row);
        Map<String, String> invoiceFields = new LinkedHashMap<>();
        for (String field : INVOICE_FIELDS) {
            invoiceFields.put(field, r.raw(field));
        }
        String number = r.required("factuurnummer");
        if (number != null && number.length() > 35) {
            r.error("factuurnummer", "is " + number.length() + " characters long, at most 35 are allowed");
        }
        Invoice.Kind kind = r.enumValue(Invoice.Kind.class, r.required("soort"), "soort");
        LocalDate issued = r.date(r.required("factuurdatum"), "factuurdatum");
        LocalDate due = r.date(r.required("vervaldatum"), "vervaldatum");
        if (issued != null && due != null && due.isBefore(issued)) {
            r.error("vervaldatum", due + " lies before the factuurdatum " + issued);
        }
        String scheme = r.required("klant_id_schema");
        if (scheme != null && !SCHEMES.contains(scheme)) {
            r.error("klant_id_schema", "'" + RowFields.abbreviate(scheme) + "' is not one of 0190 (OIN), 0106 (KvK), 0088 (GLN)");
            scheme = null;
        }
        String id = r.required("klant_id");
        if (id != null && scheme != null) {
            String problem = switch (scheme) {
                case "0190" -> id.matches("[0-9]{20}") ? null : "is not an OIN: 20 digits";
                case "0106" -> id.matches("[0-9]{8}") ? null : "is not a KvK number: 8 digits";
                default -> Identifiers.isValidGln(id) ? null : "is not a GLN: 13 digits with a valid GS1 check digit";
            };
            if (problem != null) {
                r.error("klant_id", "'" + RowFields.abbreviate(id) + "' " + problem);
            }
        }
        r.required("klant_naam");
        String vatNumber = r.raw("klant_btw");
        if (vatNumber != null && !vatNumber.matches("[A-Z]{2}[0-9A-Z+*.]{2,12}")) {
            r.error("klant_btw", "'" + RowFields.abbreviate(vatNumber) + "' is not a VAT number (country code and number)");
        }
        if ("0190".equals(scheme) && r.raw("klant_referentie") == null) {
            r.error("klant_referentie", "is required for a buyer identified by OIN (0190): the buyer rejects an"
                    + " invoice without its reference");
        }
        String original = r.raw("origineel_factuurnummer");
        if (kind == Invoice.Kind.CREDITNOTA && original == null) {
            r.error("origineel_factuurnummer", "is required on a CREDITNOTA: it names the invoice it corrects");
        }
        if (kind == Invoice.Kind.FACTUUR && original != null) {
            r.error("origineel_factuurnummer", "is only allowed on a CREDITNOTA");
        }
        BigDecimal total = r.decimal(r.required("totaal_incl_btw"), "totaal_incl_btw", 2);

        Integer lineNumber = r.positive(r.required("regelnummer"), "regelnummer");
        String description = r.required("omschrijving");
        if (description != null && description.length() > 200) {
            r.error("omschrijving", "is " + description.length() + " characters long, at most 200 are allowed");
        }
        BigDecimal quantity = r.decimal(r.required("aantal"), "aantal", 4);
        if (quantity != null && quantity.signum() == 0) {
            r.error("aantal", "is 0");
        } else if (quantity != null && kind == Invoice.Kind.CREDITNOTA && quantity.signum() < 0) {
            r.error("aantal", quantity.toPlainString() + " is negative; on a CREDITNOTA too the quantity is positive"
                    + " (the document type makes it a credit)");
        }
        String unitRaw = r.required("eenheid");
        String unit = unitRaw == null ? null : OrderRowParser.UNITS.get(unitRaw);
        if (unitRaw != null && unit == null) {
            r.error("eenheid", "'" + RowFields.abbreviate(unitRaw) + "' is not one of st, m, m2, m3, kg, ton, l, uur, doos");
        }
        BigDecimal price = r.decimal(r.required("prijs"), "prijs", 4);
        if (price != null && price.signum() < 0) {
            r.error("prijs", price.toPlainString() + " is negative");
        }
        String vat = r.required("btw");
        if (vat != null && !RATES.containsKey(vat)) {
            r.error("btw", "'" + RowFields.abbreviate(vat) + "' is not one of 21, 9, 0 or VERLEGD");
        }
        Invoice.Line invoiceLine = null;
        if (r.errors.isEmpty()) {
            Invoice.VatCategory category = switch (vat) {
                case "VERLEGD" -> Invoice.VatCategory.AE;
                case "0" -> Invoice.VatCategory.Z;
                default -> Invoice.VatCategory.S;
            };
            invoiceLine = new Invoice.Line(lineNumber, description, r.raw("artikelcode"), quantity, unit, price,
                    category, RATES.get(vat), r.line);
        }
        return new ParsedRow(r.line, number, invoiceFields, invoiceLine, List.copyOf(r.errors), r.rawColumns());
    }

    /** The invoice from the already checked invoice fields of its first row. */
    Invoice toInvoice(Map<String, String> i, List<Invoice.Line> lines, long firstLine, String sourceRecord) {
        return new Invoice(i.get("factuurnummer"), Invoice.Kind.valueOf(i.get("soort")),
                LocalDate.parse(i.get("factuurdatum"), RowFields.DATE), LocalDate.parse(i.get("vervaldatum"), RowFields.DATE),
                i.get("klant_id_schema"), i.get("klant_id"), i.get("klant_naam"), i.get("klant_btw"),
                i.get("klant_referentie"), i.get("klant_ordernummer"), i.get("contractnummer"), i.get("project"),
                i.get("origineel_factuurnummer"), lines, new BigDecimal(i.get("totaal_incl_btw").replace(',', '.')), file,
                firstLine, sourceRecord);
    }
}
