package nl.edigate.orders;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import io.xlate.edi.stream.EDIValidationException;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.SupplierIdentity;
import nl.edigate.text.Latin1;

/**
 * UN/EDIFACT D.96A ORDRSP as the consortium's contract has it (client-bouwcombinatie-interface.md):
 * written with StAEDI, which escapes {@code + : ' ?} with the release character and checks every segment
 * against the contract's segment table and code lists ({@code edifact/ORDRSP-D96A.xml}) as it is written;
 * text in {@code UNOC} (ISO 8859-1), transliterated where needed. The ledger stores each order's message
 * ({@code UNH} to {@code UNT}); delivery puts up to 500 of them in one interchange whose control reference
 * the ledger gives ({@link #interchange}).
 */
public final class EdifactOrdrspFormat implements OrderResponseFormat, InterchangeFormat {
    public static final String NAME = "edifact-d96a-ordrsp";
    /** The contract's limit per interchange. */
    public static final int MESSAGES_PER_INTERCHANGE = 500;
    static final String MESSAGE_SCHEMA = "/edifact/ORDRSP-D96A.xml";
    private static final String[] SYNTAX = {"UNOC", "3"};
    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;
    private static final int DESCRIPTION_PART = 35;

    private static final Schema CONTROL;
    private static final Schema MESSAGE;

    static {
        try (InputStream in = EdifactOrdrspFormat.class.getResourceAsStream(MESSAGE_SCHEMA)) {
            SchemaFactory schemas = SchemaFactory.newFactory();
            CONTROL = schemas.getControlSchema("EDIFACT", SYNTAX);
            MESSAGE = schemas.createSchema(in);
        } catch (EDISchemaException | java.io.IOException e) {
            throw new IllegalStateException("the ORDRSP schema cannot be read: " + e.getMessage(), e);
        }
    }

    private final SupplierIdentity supplier;
    private final ClientProfile client;
    private final boolean testIndicator;

    public EdifactOrdrspFormat(SupplierIdentity supplier, ClientProfile client) {
        this.supplier = supplier;
        this.client = client;
        this.testIndicator = client.edifactTestIndicator();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** BGM's document number is at most 35 characters: a UUID without its hyphens (32). */
    @Override
    public String newDocumentId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    @Override
    public String acknowledgement() {
        return "edifact-contrl";
    }

    @Override
    public java.nio.charset.Charset charset() {
        return StandardCharsets.ISO_8859_1;
    }

    @Override
    public int documentsPerFile() {
        return MESSAGES_PER_INTERCHANGE;
    }

    @Override
    public String fileName(String supplierGln, String documentId) {
        throw new UnsupportedOperationException("an ORDRSP travels in an interchange, named by its reference");
    }

    @Override
    public String interchangeFileName(String supplierGln, long reference) {
        return "ORDRSP_" + supplierGln + "_" + reference + ".edi";
    }

    /**
     * A description longer than IMD holds once written in UNOC: measured after transliteration ({@code €}
     * becomes {@code EUR}), which is what is cut.
     */
    @Override
    public List<String> warnings(Order order) {
        List<String> out = new ArrayList<>();
        if (order.status() == Order.Status.GEWIJZIGD) {
            for (Order.Line l : order.lines()) {
                String written = written(l.description());
                if (written != null && written.length() > 2 * DESCRIPTION_PART) {
                    out.add("line " + l.lineNumber() + " (file line " + l.sourceLine() + "): omschrijving is "
                            + written.length() + " characters in UNOC" + (written.length() != l.description().length()
                            ? " (" + l.description().length() + " as exported, longer once transliterated)" : "")
                            + "; IMD holds 70, the rest is cut");
                }
            }
        }
        return out;
    }

    /** The text as the interchange carries it (transliterated to ISO 8859-1); null when it has no form there. */
    private static String written(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Latin1.of(value);
        } catch (Latin1.NotRepresentable e) {
            return null; // rejected when the message is written
        }
    }

    /** The order's message, {@code UNH+1} to {@code UNT}, checked as it is written. */
    @Override
    public String render(Order order, String documentId, LocalDate issueDate) {
        List<String> problems = new ArrayList<>();
        List<Segment> segments = segments(order, documentId, issueDate, problems);
        if (!problems.isEmpty()) {
            throw new FormatException("the ORDRSP cannot be written", problems);
        }
        String interchange = write(List.of(segments), 0, ZonedDateTime.now(), false);
        // the stored message is what lies between the UNB and the UNZ the writer needed around it
        int start = interchange.indexOf("'UNH+") + 1;
        int end = interchange.lastIndexOf("'UNZ+") + 1;
        return interchange.substring(start, end);
    }

    /** One segment: its tag and its elements, each a value or (composite) components; null is empty. */
    record Segment(String tag, Object... elements) {
    }

    private List<Segment> segments(Order order, String documentId, LocalDate issueDate, List<String> problems) {
        List<Segment> s = new ArrayList<>();
        String function = switch (order.status()) {
            case GEACCEPTEERD -> "29";
            case GEWIJZIGD -> "4";
            case AFGEWEZEN -> "27";
        };
        s.add(new Segment("BGM", new String[] {"231"}, new String[] {documentId}, function));
        s.add(new Segment("DTM", (Object) new String[] {"137", issueDate.format(DATE), "102"}));
        if (order.status() != Order.Status.AFGEWEZEN) {
            s.add(new Segment("DTM", (Object) new String[] {"2", order.deliveryDate().format(DATE), "102"}));
        }
        s.add(new Segment("RFF", (Object) new String[] {"ON", text(order.clientOrderNumber(), "klant_ordernummer",
                AN35, problems)}));
        s.add(new Segment("NAD", "BY", new String[] {client.gln(), null, "9"}));
        s.add(new Segment("NAD", "SU", new String[] {supplier.gln(), null, "9"}));
        int lines = 0;
        if (order.status() == Order.Status.GEWIJZIGD) {
            for (Order.Line l : order.lines()) {
                lines++;
                String at = " (line " + l.lineNumber() + ")";
                // LIN numbers the message's lines 1, 2, 3 ... in order; the buyer's own number goes in RFF+LI
                String lin = Integer.toString(lines);
                s.add(l.gtin() == null ? new Segment("LIN", lin, l.status().code)
                        : new Segment("LIN", lin, l.status().code, new String[] {l.gtin(), "EN"}));
                String theirs = text(l.clientItemCode(), "klant_artikelcode" + at, AN35, problems);
                String ours = text(l.itemCode(), "artikelcode" + at, AN35, problems);
                s.add(theirs == null ? new Segment("PIA", "5", new String[] {ours, "SA"})
                        : new Segment("PIA", "5", new String[] {ours, "SA"}, new String[] {theirs, "BP"}));
                String description = text(l.description(), "omschrijving" + at, Integer.MAX_VALUE, problems);
                if (description != null) {
                    s.add(imd(description));
                }
                s.add(new Segment("QTY", (Object) new String[] {"21", number(l.quantity(), "aantal" + at, problems),
                        l.unitCode()}));
                s.add(new Segment("PRI", (Object) new String[] {"AAA", number(l.price(), "prijs" + at, problems)}));
                if (l.clientLineNumber() != null) {
                    s.add(new Segment("RFF", (Object) new String[] {"LI", text(l.clientLineNumber(), "klant_regelnummer" + at,
                            AN35, problems)}));
                }
            }
        }
        s.add(new Segment("UNS", "S"));
        s.add(new Segment("CNT", (Object) new String[] {"2", Integer.toString(lines)}));
        return s;
    }

    /** Free-form description in at most two components of 35: longer text is cut at 70 (a warning). */
    private static Segment imd(String description) {
        String first = description.length() > DESCRIPTION_PART ? description.substring(0, DESCRIPTION_PART) : description;
        String rest = description.length() > DESCRIPTION_PART
                ? description.substring(DESCRIPTION_PART, Math.min(description.length(), 2 * DESCRIPTION_PART)) : null;
        return rest == null ? new Segment("IMD", "F", null, new String[] {null, null, null, first})
                : new Segment("IMD", "F", null, new String[] {null, null, null, first, rest});
    }

    private static String plain(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
    }

    /** The contract's data elements for text and numbers (an..35; a decimal of at most 15 digits, n..15). */
    private static final int AN35 = 35;
    private static final int N15 = 15;

    /**
     * The ERP's value as UNOC text of at most {@code max} characters; otherwise a problem naming the ERP's
     * field, not the segment it would have broken.
     */
    private static String text(String value, String field, int max, List<String> problems) {
        String written;
        try {
            written = Latin1.of(value);
        } catch (Latin1.NotRepresentable e) {
            problems.add(field + " " + e.getMessage());
            return value;
        }
        if (written != null && written.length() > max) {
            problems.add(field + " '" + (written.length() > 40 ? written.substring(0, 40) + "..." : written) + "' is "
                    + written.length() + " characters; the ORDRSP holds at most " + max);
        }
        return written;
    }

    /** A quantity or price as the ORDRSP writes it, at most 15 digits; otherwise a problem naming the field. */
    private static String number(BigDecimal value, String field, List<String> problems) {
        String written = plain(value);
        int digits = written.replace("-", "").replace(".", "").length();
        if (digits > N15) {
            problems.add(field + " " + written + " has " + digits + " digits; the ORDRSP holds at most " + N15);
        }
        return written;
    }

    @Override
    public String interchange(List<String> messages, long reference, ZonedDateTime at) {
        if (messages.isEmpty() || messages.size() > MESSAGES_PER_INTERCHANGE) {
            throw new IllegalArgumentException("an interchange holds 1 to " + MESSAGES_PER_INTERCHANGE + " messages, not "
                    + messages.size());
        }
        StringBuilder out = new StringBuilder(header(reference, at));
        int n = 0;
        for (String m : messages) {
            n++;
            if (!m.startsWith("UNH+1+") || !m.endsWith("+1'")) {
                throw new IllegalArgumentException("stored message " + n + " is not an ORDRSP message of this gateway");
            }
            out.append("UNH+").append(n).append('+').append(m, "UNH+1+".length(), m.length() - "+1'".length())
                    .append('+').append(n).append('\'');
        }
        out.append("UNZ+").append(n).append('+').append(reference).append('\'');
        String interchange = out.toString();
        List<String> problems = EdifactCheck.check(interchange, MESSAGE);
        if (!problems.isEmpty()) {
            throw new FormatException("interchange " + reference + " breaks the contract", problems);
        }
        return interchange;
    }

    private String header(long reference, ZonedDateTime at) {
        String written = write(List.of(), reference, at, true);
        return written.substring(0, written.indexOf("'UNZ+") + 1);
    }

    /** An interchange of these messages (or none, for its header), written and checked by StAEDI. */
    private String write(List<List<Segment>> messages, long reference, ZonedDateTime at, boolean realReference) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (EDIStreamWriter w = EDIOutputFactory.newFactory().createEDIStreamWriter(bytes, "ISO-8859-1")) {
            w.setControlSchema(CONTROL);
            w.setTransactionSchema(MESSAGE);
            w.startInterchange();
            w.writeStartSegment("UNA").writeEndSegment();
            String ref = realReference ? Long.toString(reference) : "1";
            List<Object> unb = new ArrayList<>(List.of(SYNTAX, new String[] {supplier.gln(), "14"},
                    new String[] {client.gln(), "14"},
                    new String[] {at.format(DateTimeFormatter.ofPattern("yyMMdd")), at.format(DateTimeFormatter.ofPattern("HHmm"))},
                    ref));
            if (testIndicator) {
                unb.addAll(java.util.Arrays.asList(null, null, null, null, null, "1"));
            }
            segment(w, new Segment("UNB", unb.toArray()));
            for (List<Segment> message : messages) {
                segment(w, new Segment("UNH", "1", new String[] {"ORDRSP", "D", "96A", "UN"}));
                for (Segment s : message) {
                    segment(w, s);
                }
                segment(w, new Segment("UNT", Integer.toString(message.size() + 2), "1"));
            }
            segment(w, new Segment("UNZ", Integer.toString(messages.size()), ref));
            w.endInterchange();
        } catch (EDIValidationException e) {
            throw new FormatException("the ORDRSP breaks the contract's message structure", List.of(describe(e)));
        } catch (EDIStreamException e) {
            throw new IllegalStateException("the ORDRSP could not be written: " + e.getMessage(), e);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static String describe(EDIValidationException e) {
        var where = e.getLocation();
        return e.getError() + (where == null ? "" : " at segment " + where.getSegmentTag() + " (position "
                + where.getSegmentPosition() + "), element " + where.getElementPosition()
                + (where.getComponentPosition() > 0 ? ", component " + where.getComponentPosition() : ""));
    }

    private static void segment(EDIStreamWriter w, Segment s) throws EDIStreamException {
        w.writeStartSegment(s.tag());
        Object[] elements = s.elements();
        int last = elements.length;
        while (last > 0 && elements[last - 1] == null) {
            last--;
        }
        for (int i = 0; i < last; i++) {
            Object e = elements[i];
            if (e == null) {
                w.writeEmptyElement();
            } else if (e instanceof String[] components) {
                w.writeStartElement();
                for (String c : components) {
                    if (c == null) {
                        w.writeEmptyComponent();
                    } else {
                        w.writeComponent(c);
                    }
                }
                w.endElement();
            } else {
                w.writeElement((String) e);
            }
        }
        w.writeEndSegment();
    }
}
