package nl.edigate.intake;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import nl.edigate.config.ClientProfile;
import nl.edigate.model.Rejection;
import nl.edigate.orders.Order;

/**
 * Reads an orders export in two streaming passes. The first proves the whole file readable (character
 * set, CSV structure, header) and finds orders whose rows are not adjacent, so that a file is either set
 * aside whole or read; the second checks every row and hands over each complete order or its rejections.
 * Memory stays at one order plus the set of order numbers, whatever the file size.
 */
public final class OrderFileReader {
    public static final String DOC_TYPE = "ORDER_RESPONSE";

    /** What one file gave. */
    public static final class Stats {
        public long rows;
        public long orders;
        public long ordersRejected;
        public long rowsRejected;
    }

    private final ReadingRules rules;
    private final Charset charset;

    public OrderFileReader(ReadingRules rules, Charset charset) {
        this.rules = rules;
        this.charset = charset;
    }

    /** A reader for one client's orders. */
    public OrderFileReader(ClientProfile profile, Charset charset) {
        this(ReadingRules.of(profile), charset);
    }

    private CsvReader open(Path file) throws IOException {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new CsvReader(new BufferedReader(new InputStreamReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), decoder), 1 << 16), ';');
    }

    /** Pass 1. Returns the order numbers whose rows are not adjacent. */
    public Set<String> prescan(Path file) throws UnreadableFileException, IOException {
        String name = file.getFileName().toString();
        try (CsvReader csv = open(file)) {
            OrderRowParser parser = header(csv, name);
            Set<String> seen = new HashSet<>();
            Set<String> nonAdjacent = new HashSet<>();
            String previous = null;
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                if (parser.isHeader(row.fields())) {
                    previous = null;
                    continue;
                }
                String number = parser.orderNumberOf(row.fields());
                if (number != null && !number.equals(previous)) {
                    if (!seen.add(number)) {
                        nonAdjacent.add(number);
                    }
                }
                previous = number;
            }
            return nonAdjacent;
        } catch (CsvReader.CsvFormatException e) {
            if (e.getMessage().contains("not valid in the configured character set")) {
                throw new UnreadableFileException("not readable as " + charset.name() + ": " + locateBadBytes(file));
            }
            throw new UnreadableFileException("not readable as " + charset.name() + " CSV: " + e.getMessage());
        }
    }

    /**
     * The decoder reads ahead in blocks, so its error does not say where; this pass decodes line by
     * line (a line feed byte never occurs inside a UTF-8 or windows-1252 character) to name the line.
     */
    private String locateBadBytes(Path file) throws IOException {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var in = new BufferedInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long lineNo = 1;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b == -1) {
                    try {
                        decoder.reset().decode(ByteBuffer.wrap(line.toByteArray()));
                    } catch (CharacterCodingException e) {
                        return "line " + lineNo + ": bytes that are not valid " + charset.name();
                    }
                    if (b == -1) {
                        return "bytes that are not valid " + charset.name();
                    }
                    line.reset();
                    lineNo++;
                } else if (line.size() < CsvReader.MAX_FIELD_LENGTH * 64) {
                    line.write(b);
                }
            }
        }
    }

    private OrderRowParser header(CsvReader csv, String name) throws IOException, UnreadableFileException {
        CsvReader.Row header = csv.next();
        if (header == null) {
            throw new UnreadableFileException("the file is empty: no header line");
        }
        try {
            return new OrderRowParser(name, rules, header.fields());
        } catch (IllegalArgumentException e) {
            throw new UnreadableFileException("line " + header.line() + ": " + e.getMessage());
        }
    }

    /** Pass 2: every order that passed its checks goes to {@code onOrder}, every problem to {@code onReject}. */
    public Stats read(Path file, Set<String> nonAdjacent, Consumer<Order> onOrder, Consumer<Rejection> onReject)
            throws UnreadableFileException, IOException {
        String name = file.getFileName().toString();
        Stats stats = new Stats();
        try (CsvReader csv = open(file)) {
            OrderRowParser parser = header(csv, name);
            List<OrderRowParser.ParsedRow> group = new ArrayList<>();
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                stats.rows++;
                if (parser.isHeader(row.fields())) {
                    flush(parser, group, nonAdjacent, stats, onOrder, onReject);
                    stats.rowsRejected++;
                    onReject.accept(new Rejection(DOC_TYPE, name, row.line(), "(record)", "the header line is repeated"
                            + " here (two exports joined into one file?); this line is skipped", null));
                    continue;
                }
                OrderRowParser.ParsedRow parsed = parser.parse(row);
                if (parsed.orderNumber() == null) {
                    // a row without an order number belongs to no order: rejected on its own
                    flush(parser, group, nonAdjacent, stats, onOrder, onReject);
                    stats.rowsRejected++;
                    for (RowFields.FieldError e : parsed.errors()) {
                        onReject.accept(new Rejection(DOC_TYPE, name, e.line(), e.column(), e.reason(), null));
                    }
                    continue;
                }
                if (!group.isEmpty() && !group.get(0).orderNumber().equals(parsed.orderNumber())) {
                    flush(parser, group, nonAdjacent, stats, onOrder, onReject);
                }
                group.add(parsed);
            }
            flush(parser, group, nonAdjacent, stats, onOrder, onReject);
        } catch (CsvReader.CsvFormatException e) {
            // the pre-scan read the same bytes; only a file changed in between gets here
            throw new UnreadableFileException("changed while being read: " + e.getMessage());
        }
        return stats;
    }

    /**
     * One order from rows kept in the ledger (a resend with --rerender): checked with today's rules and
     * column mapping. Returns null and fills {@code problems} when it no longer passes.
     */
    public Order assembleStored(SourceRecord.Rows stored, List<Rejection> problems) {
        OrderRowParser parser = new OrderRowParser(stored.file(), rules, stored.header());
        List<OrderRowParser.ParsedRow> group = new ArrayList<>();
        for (CsvReader.Row row : stored.rows()) {
            group.add(parser.parse(row));
        }
        List<Order> out = new ArrayList<>();
        flush(parser, group, Set.of(), new Stats(), out::add, problems::add);
        return out.isEmpty() ? null : out.get(0);
    }

    private void flush(OrderRowParser parser, List<OrderRowParser.ParsedRow> group, Set<String> nonAdjacent,
                       Stats stats, Consumer<Order> onOrder, Consumer<Rejection> onReject) {
        if (group.isEmpty()) {
            return;
        }
        stats.orders++;
        List<Rejection> problems = check(parser, group, nonAdjacent);
        if (problems.isEmpty()) {
            List<Order.Line> lines = new ArrayList<>();
            group.forEach(r -> lines.add(r.orderLine()));
            onOrder.accept(parser.toOrder(group.get(0).orderFields(), lines, group.get(0).line(),
                    SourceRecord.ofRows(parser.file(), group)));
        } else {
            stats.ordersRejected++;
            stats.rowsRejected += group.size();
            problems.forEach(onReject);
        }
        group.clear();
    }

    private List<Rejection> check(OrderRowParser parser, List<OrderRowParser.ParsedRow> group, Set<String> nonAdjacent) {
        String file = parser.file();
        OrderRowParser.ParsedRow first = group.get(0);
        String number = first.orderNumber();
        String key = first.orderFields().get("klant_ordernummer") + "/" + number;
        List<Rejection> out = new ArrayList<>();
        if (nonAdjacent.contains(number)) {
            out.add(new Rejection(DOC_TYPE, file, first.line(), parser.column("ordernummer"),
                    "the rows of order " + number + " are not adjacent in the file; the whole order is rejected", key));
            return out;
        }
        for (OrderRowParser.ParsedRow row : group) {
            for (RowFields.FieldError e : row.errors()) {
                out.add(new Rejection(DOC_TYPE, file, e.line(), e.column(), e.reason(), key));
            }
        }
        for (OrderRowParser.ParsedRow row : group.subList(1, group.size())) {
            for (Map.Entry<String, String> field : first.orderFields().entrySet()) {
                if (!Objects.equals(field.getValue(), row.orderFields().get(field.getKey()))) {
                    out.add(new Rejection(DOC_TYPE, file, row.line(), parser.column(field.getKey()),
                            "'" + nullToEmpty(row.orderFields().get(field.getKey())) + "' disagrees with '"
                                    + nullToEmpty(field.getValue()) + "' on line " + first.line()
                                    + " of the same order; the whole order is rejected", key));
                }
            }
        }
        if (!out.isEmpty()) {
            return out;
        }
        Map<Integer, Long> lineNumbers = new HashMap<>();
        boolean allUnchanged = true;
        for (OrderRowParser.ParsedRow row : group) {
            Order.Line l = row.orderLine();
            Long earlier = lineNumbers.putIfAbsent(l.lineNumber(), row.line());
            if (earlier != null) {
                out.add(new Rejection(DOC_TYPE, file, row.line(), parser.column("regelnummer"),
                        "line number " + l.lineNumber() + " already used on line " + earlier + " of the same order", key));
            }
            allUnchanged &= l.status() == Order.LineStatus.ONGEWIJZIGD;
        }
        Order.Status status = Order.Status.valueOf(first.orderFields().get("status"));
        if (status == Order.Status.GEACCEPTEERD && !allUnchanged) {
            out.add(new Rejection(DOC_TYPE, file, first.line(), parser.column("status"),
                    "order " + number + " is GEACCEPTEERD but has lines that are not ONGEWIJZIGD", key));
        }
        if (status == Order.Status.GEWIJZIGD && allUnchanged) {
            out.add(new Rejection(DOC_TYPE, file, first.line(), parser.column("status"),
                    "order " + number + " is GEWIJZIGD but every line is ONGEWIJZIGD", key));
        }
        return out;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
