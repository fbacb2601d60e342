package nl.edigate.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
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

import nl.edigate.invoices.Invoice;
import nl.edigate.invoices.InvoiceTotals;
import nl.edigate.model.Rejection;

/**
 * Reads an invoices export in two streaming passes, as the orders export is read: the first proves the
 * file readable and finds invoice numbers whose rows are not adjacent; the second checks every row and
 * hands over each complete invoice or its rejections. A line or invoice that breaks a rule rejects its
 * whole invoice (a partial invoice is worse than none), and so does a total that differs from the one
 * the gateway computes by even one cent.
 */
public final class InvoiceFileReader {
    public static final String DOC_TYPE = "INVOICE";

    private final Charset charset;

    public InvoiceFileReader(Charset charset) {
        this.charset = charset;
    }

    /** What one file gave. */
    public static final class Stats {
        public long rows;
        public long invoices;
        public long invoicesRejected;
    }

    private CsvReader open(Path file) throws IOException {
        var decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new CsvReader(new BufferedReader(new InputStreamReader(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
                decoder), 1 << 16), ';');
    }

    private InvoiceRowParser header(CsvReader csv, String name) throws IOException, UnreadableFileException {
        CsvReader.Row header = csv.next();
        if (header == null) {
            throw new UnreadableFileException("the file is empty: no header line");
        }
        try {
            return new InvoiceRowParser(name, header.fields());
        } catch (IllegalArgumentException e) {
            throw new UnreadableFileException("line " + header.line() + ": " + e.getMessage());
        }
    }

    /** Pass 1. Returns the invoice numbers whose rows are not adjacent. */
    public Set<String> prescan(Path file) throws UnreadableFileException, IOException {
        try (CsvReader csv = open(file)) {
            InvoiceRowParser parser = header(csv, file.getFileName().toString());
            Set<String> seen = new HashSet<>();
            Set<String> nonAdjacent = new HashSet<>();
            String previous = null;
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                String number = parser.isHeader(row.fields()) ? null : parser.invoiceNumberOf(row.fields());
                if (number != null && !number.equals(previous) && !seen.add(number)) {
                    nonAdjacent.add(number);
                }
                previous = number;
            }
            return nonAdjacent;
        } catch (CsvReader.CsvFormatException e) {
            throw new UnreadableFileException("not readable as " + charset.name() + " CSV: " + e.getMessage());
        }
    }

    /**
     * The most a document may be at the access point (client-gemeente-interface.md, section 3), and the least an
     * invoice line takes in SI-UBL (measured: 700 bytes with a short description), on top of its own text: an
     * invoice whose lines cannot fit is rejected while it is read, its rows not kept, so that reading is linear
     * in the file and bounded in memory however many lines one invoice has.
     */
    static final long MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;
    static final int MIN_LINE_BYTES = 500;

    /** The rows of the invoice being read; past the limit only its first row, and how many there were. */
    private static final class Group {
        final List<InvoiceRowParser.ParsedRow> rows = new ArrayList<>();
        long rowCount;
        long estimate;

        void add(InvoiceRowParser.ParsedRow row, CsvReader.Row raw) {
            rowCount++;
            long size = MIN_LINE_BYTES;
            for (String f : raw.fields()) {
                size += f.length();
            }
            estimate += size;
            if (!oversized()) {
                rows.add(row);
            } else if (rows.size() > 1) {
                rows.subList(1, rows.size()).clear(); // the first row names the invoice; the rest is not needed
            }
        }

        boolean oversized() {
            return estimate > MAX_DOCUMENT_BYTES;
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        void clear() {
            rows.clear();
            rowCount = 0;
            estimate = 0;
        }
    }

    /** Pass 2: every invoice that passed its checks goes to {@code onInvoice}, every problem to {@code onReject}. */
    public Stats read(Path file, Set<String> nonAdjacent, Consumer<Invoice> onInvoice, Consumer<Rejection> onReject)
            throws UnreadableFileException, IOException {
        Stats stats = new Stats();
        try (CsvReader csv = open(file)) {
            InvoiceRowParser parser = header(csv, file.getFileName().toString());
            Group group = new Group();
            for (CsvReader.Row row = csv.next(); row != null; row = csv.next()) {
                stats.rows++;
                if (parser.isHeader(row.fields())) {
                    flush(parser, group, nonAdjacent, stats, onInvoice, onReject);
                    onReject.accept(new Rejection(DOC_TYPE, parser.file(), row.line(), "(record)",
                            "the header line is repeated here (two exports joined into one file?); this line is skipped", null));
                    continue;
                }
                InvoiceRowParser.ParsedRow parsed = parser.parse(row);
                if (parsed.invoiceNumber() == null) {
                    flush(parser, group, nonAdjacent, stats, onInvoice, onReject);
                    parsed.errors().forEach(e -> onReject.accept(new Rejection(DOC_TYPE, parser.file(), e.line(),
                            e.column(), e.reason(), null)));
                    continue;
                }
                if (!group.isEmpty() && !group.rows.get(0).invoiceNumber().equals(parsed.invoiceNumber())) {
                    flush(parser, group, nonAdjacent, stats, onInvoice, onReject);
                }
                group.add(parsed, row);
            }
            flush(parser, group, nonAdjacent, stats, onInvoice, onReject);
        } catch (CsvReader.CsvFormatException e) {
            throw new UnreadableFileException("changed while being read: " + e.getMessage());
        }
        return stats;
    }

    /**
     * An invoice from its stored rows (a resend with --rerender): every check again, with today's rules;
     * null with the problems when it no longer passes.
     */
    public Invoice assembleStored(SourceRecord.Rows stored, List<Rejection> problems) {
        InvoiceRowParser parser;
        try {
            parser = new InvoiceRowParser(stored.file(), stored.header());
        } catch (IllegalArgumentException e) {
            problems.add(new Rejection(DOC_TYPE, stored.file(), 1L, "(record)", e.getMessage(), null));
            return null;
        }
        List<InvoiceRowParser.ParsedRow> group = new ArrayList<>();
        for (CsvReader.Row row : stored.rows()) {
            InvoiceRowParser.ParsedRow parsed = parser.parse(row);
            if (parsed.invoiceNumber() == null) {
                parsed.errors().forEach(e -> problems.add(new Rejection(DOC_TYPE, parser.file(), e.line(), e.column(),
                        e.reason(), null)));
                return null;
            }
            group.add(parsed);
        }
        return group.isEmpty() ? null : check(parser, group, Set.of(), problems);
    }

    private void flush(InvoiceRowParser parser, Group group, Set<String> nonAdjacent,
                       Stats stats, Consumer<Invoice> onInvoice, Consumer<Rejection> onReject) {
        if (group.isEmpty()) {
            return;
        }
        if (group.oversized()) {
            InvoiceRowParser.ParsedRow first = group.rows.get(0);
            stats.invoices++;
            stats.invoicesRejected++;
            onReject.accept(new Rejection(DOC_TYPE, parser.file(), first.line(), "(invoice)", "invoice "
                    + first.invoiceNumber() + " has " + group.rowCount + " lines: as SI-UBL it would be more than the"
                    + " 10 MiB the access point takes (at least " + group.estimate / 1024 + " KiB); not created (split"
                    + " it in the ERP)", first.invoiceNumber()));
            group.clear();
            return;
        }
        flush(parser, group.rows, nonAdjacent, stats, onInvoice, onReject);
        group.clear();
    }

    private void flush(InvoiceRowParser parser, List<InvoiceRowParser.ParsedRow> group, Set<String> nonAdjacent,
                       Stats stats, Consumer<Invoice> onInvoice, Consumer<Rejection> onReject) {
        if (group.isEmpty()) {
            return;
        }
        stats.invoices++;
        List<Rejection> problems = new ArrayList<>();
        Invoice invoice = check(parser, group, nonAdjacent, problems);
        if (invoice != null) {
            onInvoice.accept(invoice);
        } else {
            stats.invoicesRejected++;
            problems.forEach(onReject);
        }
        group.clear();
    }

    /** The invoice, or null with every problem of its rows and between them. */
    private Invoice check(InvoiceRowParser parser, List<InvoiceRowParser.ParsedRow> group, Set<String> nonAdjacent,
                          List<Rejection> out) {
        String file = parser.file();
        InvoiceRowParser.ParsedRow first = group.get(0);
        String number = first.invoiceNumber();
        if (nonAdjacent.contains(number)) {
            out.add(new Rejection(DOC_TYPE, file, first.line(), parser.column("factuurnummer"), "invoice " + number
                    + " occurs twice in the file (its rows are not adjacent); the whole invoice is rejected", number));
            return null;
        }
        for (InvoiceRowParser.ParsedRow row : group) {
            row.errors().forEach(e -> out.add(new Rejection(DOC_TYPE, file, e.line(), e.column(), e.reason(), number)));
        }
        for (InvoiceRowParser.ParsedRow row : group.subList(1, group.size())) {
            for (Map.Entry<String, String> field : first.invoiceFields().entrySet()) {
                if (!Objects.equals(field.getValue(), row.invoiceFields().get(field.getKey()))) {
                    out.add(new Rejection(DOC_TYPE, file, row.line(), parser.column(field.getKey()), "'"
                            + Objects.toString(row.invoiceFields().get(field.getKey()), "") + "' disagrees with '"
                            + Objects.toString(field.getValue(), "") + "' on line " + first.line()
                            + " of the same invoice; the whole invoice is rejected", number));
                }
            }
        }
        if (!out.isEmpty()) {
            return null;
        }
        Map<Integer, Long> lineNumbers = new HashMap<>();
        List<Invoice.Line> lines = new ArrayList<>();
        for (InvoiceRowParser.ParsedRow row : group) {
            Long earlier = lineNumbers.putIfAbsent(row.invoiceLine().lineNumber(), row.line());
            if (earlier != null) {
                out.add(new Rejection(DOC_TYPE, file, row.line(), parser.column("regelnummer"), "line number "
                        + row.invoiceLine().lineNumber() + " already used on line " + earlier + " of the same invoice", number));
            }
            if (row.invoiceLine().category() == Invoice.VatCategory.AE && first.invoiceFields().get("klant_btw") == null) {
                out.add(new Rejection(DOC_TYPE, file, row.line(), parser.column("klant_btw"), "is required: line "
                        + row.invoiceLine().lineNumber() + " is VERLEGD (reverse charge needs the buyer's VAT number)", number));
            }
            lines.add(row.invoiceLine());
        }
        if (!out.isEmpty()) {
            return null;
        }
        Invoice invoice = parser.toInvoice(first.invoiceFields(), lines, first.line(), SourceRecord.ofInvoiceRows(file, group));
        BigDecimal computed = InvoiceTotals.of(invoice).payable();
        if (computed.compareTo(invoice.erpTotal()) != 0) {
            out.add(new Rejection(DOC_TYPE, file, first.line(), parser.column("totaal_incl_btw"), "the ERP's total "
                    + invoice.erpTotal().toPlainString() + " differs from the total computed from the lines, "
                    + computed.toPlainString() + "; not sent (a mapping error must not reach the buyer)", number));
            return null;
        }
        return invoice;
    }
}
