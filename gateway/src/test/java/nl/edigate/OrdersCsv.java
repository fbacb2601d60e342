package nl.edigate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds orders exports for tests, row by row, and knows the line number of every row. */
public final class OrdersCsv {
    public static final List<String> COLUMNS = List.of("ordernummer", "orderdatum", "klant_ordernummer", "klant_gln",
            "project", "status", "leverdatum", "afleveradres_straat", "afleveradres_postcode", "afleveradres_plaats",
            "afleveradres_land", "regelnummer", "klant_regelnummer", "regelstatus", "artikelcode", "klant_artikelcode",
            "gtin", "omschrijving", "aantal", "eenheid", "prijs", "btw");
    public static final String CLIENT_GLN = "8798765000008";

    private final List<String> lines = new ArrayList<>();

    public OrdersCsv() {
        lines.add(String.join(";", COLUMNS));
    }

    /** A valid row of an accepted order; change fields with key/value pairs. */
    public static Map<String, String> row(String orderNumber, int lineNumber, String... changes) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("ordernummer", orderNumber);
        r.put("orderdatum", "20-11-2026");
        r.put("klant_ordernummer", "PO-" + orderNumber);
        r.put("klant_gln", CLIENT_GLN);
        r.put("project", "P-2026-017");
        r.put("status", "GEACCEPTEERD");
        r.put("leverdatum", "04-12-2026");
        r.put("afleveradres_straat", "Kerkstraat 1");
        r.put("afleveradres_postcode", "3511 LX");
        r.put("afleveradres_plaats", "Utrecht");
        r.put("afleveradres_land", "NL");
        r.put("regelnummer", Integer.toString(lineNumber));
        r.put("klant_regelnummer", Integer.toString(lineNumber * 10));
        r.put("regelstatus", "ONGEWIJZIGD");
        r.put("artikelcode", "ART-" + lineNumber);
        r.put("klant_artikelcode", "");
        r.put("gtin", "8712345678906");
        r.put("omschrijving", "Artikel " + lineNumber);
        r.put("aantal", "12");
        r.put("eenheid", "st");
        r.put("prijs", "345,50");
        r.put("btw", "21");
        for (int i = 0; i + 1 < changes.length; i += 2) {
            r.put(changes[i], changes[i + 1]);
        }
        return r;
    }

    /** Adds a row and returns its line number in the file. */
    public int add(Map<String, String> row) {
        List<String> values = new ArrayList<>();
        for (String c : COLUMNS) {
            values.add(quote(row.getOrDefault(c, "")));
        }
        lines.add(String.join(";", values));
        return lines.size();
    }

    /** Adds a raw line as it is and returns its line number. */
    public int addRaw(String line) {
        lines.add(line);
        return lines.size();
    }

    /** Adds a whole accepted order of n lines; returns the line number of its first row. */
    public int addOrder(String orderNumber, int lineCount, String... changes) {
        int first = -1;
        for (int i = 1; i <= lineCount; i++) {
            int l = add(row(orderNumber, i, changes));
            if (first < 0) {
                first = l;
            }
        }
        return first;
    }

    private static String quote(String v) {
        if (v.contains(";") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    public String build() {
        return String.join("\r\n", lines) + "\r\n";
    }
}
