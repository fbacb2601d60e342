package nl.edigate.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rows of an order (or an invoice) exactly as the ERP wrote them (column name to value, with line numbers), kept
 * with the document so that a resend with --rerender can check and map them again.
 */
public final class SourceRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceRecord() {
    }

    public static String ofRows(String file, List<OrderRowParser.ParsedRow> rows) {
        List<Map.Entry<Long, Map<String, String>>> raw = new ArrayList<>();
        rows.forEach(r -> raw.add(Map.entry(r.line(), r.raw())));
        return of(file, raw);
    }

    /** The rows of an invoice, likewise. */
    public static String ofInvoiceRows(String file, List<InvoiceRowParser.ParsedRow> rows) {
        List<Map.Entry<Long, Map<String, String>>> raw = new ArrayList<>();
        rows.forEach(r -> raw.add(Map.entry(r.line(), r.raw())));
        return of(file, raw);
    }

    private static String of(String file, List<Map.Entry<Long, Map<String, String>>> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", file);
        ArrayNode list = root.putArray("rows");
        for (Map.Entry<Long, Map<String, String>> r : rows) {
            ObjectNode row = list.addObject();
            row.put("line", r.getKey());
            ObjectNode fields = row.putObject("fields");
            r.getValue().forEach(fields::put);
        }
        return write(root);
    }

    /** The stored rows as the reader would see them: a header and rows with their line numbers. */
    public record Rows(String file, List<String> header, List<CsvReader.Row> rows) {
    }

    public static Rows readRows(String sourceRecord) {
        try {
            JsonNode root = JSON.readTree(sourceRecord);
            List<String> header = new ArrayList<>();
            List<CsvReader.Row> rows = new ArrayList<>();
            for (JsonNode row : root.path("rows")) {
                Map<String, String> fields = new LinkedHashMap<>();
                row.path("fields").fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
                if (header.isEmpty()) {
                    header.addAll(fields.keySet());
                }
                List<String> values = new ArrayList<>();
                for (String h : header) {
                    values.add(fields.getOrDefault(h, ""));
                }
                rows.add(new CsvReader.Row(row.path("line").asLong(), values));
            }
            return new Rows(root.path("file").asText(), header, rows);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the stored source record is not readable: " + e.getOriginalMessage());
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
