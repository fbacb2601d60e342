package nl.edigate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIStreamValidationError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.orders.EdifactCheck;
import nl.edigate.orders.EdifactSegments;

/**
 * The consortium's EDI translator (client-bouwcombinatie-interface.md): takes every final-named file in
 * {@code /edi/in/}, checks the interchange as a translator does (its name, the envelope, syntax UNOC:3,
 * the parties, a control reference higher than every one before, each message against the ORDRSP D.96A
 * segment table and code lists, document ids never seen before), and writes a CONTRL into
 * {@code /edi/out/}: {@code 7} all accepted, {@code 4} rejected as a whole, or {@code 8} with a
 * {@code UCM} per message that is not, with the syntax error codes.
 */
public final class EdifactTranslator implements SftpSimulator.Importer {
    private static final Logger LOG = LoggerFactory.getLogger(EdifactTranslator.class);
    private static final Pattern NAME = Pattern.compile("ORDRSP_([0-9]{13})_([0-9]{1,14})\\.edi");
    private static final Schema ORDRSP;

    static {
        try (InputStream in = EdifactTranslator.class.getResourceAsStream("/edifact/ORDRSP-D96A.xml")) {
            ORDRSP = SchemaFactory.newFactory().createSchema(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private final String consortiumGln;
    private final Path outDir;
    private final AtomicLong highestReference = new AtomicLong();
    private final AtomicLong contrlCount = new AtomicLong();
    private final Set<String> documentIds = ConcurrentHashMap.newKeySet();
    private final List<Long> references = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EdifactTranslator(String consortiumGln, Path sftpRoot) throws IOException {
        this.consortiumGln = consortiumGln;
        this.outDir = sftpRoot.resolve("edi/out");
        Files.createDirectories(sftpRoot.resolve("edi/in"));
        Files.createDirectories(outDir);
    }

    /** Every interchange control reference received, in order of arrival. */
    public List<Long> references() {
        return List.copyOf(references);
    }

    public Path outDir() {
        return outDir;
    }

    @Override
    public SftpSimulator.Verdict receive(Path file, String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return new SftpSimulator.Verdict(name, false, List.of("NAME: not ORDRSP_<GLN>_<reference>.edi"));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new SftpSimulator.Verdict(name, false, List.of("unreadable: " + e.getMessage()));
        }
        String supplierGln = m.group(1);
        long reference = Long.parseLong(m.group(2));
        references.add(reference);
        List<String> reasons = new ArrayList<>();
        String interchangeError = null;
        EdifactCheck.Result check = EdifactCheck.read(bytes, ORDRSP);
        List<EdifactSegments.Segment> segments = List.of();
        try {
            segments = EdifactSegments.read(bytes);
        } catch (IllegalArgumentException e) {
            reasons.add(e.getMessage());
            interchangeError = "12";
        }
        EdifactSegments.Segment unb = segments.stream().filter(s -> s.tag().equals("UNB")).findFirst().orElse(null);
        if (check.unreadable() != null && interchangeError == null) {
            reasons.add(check.unreadable());
            interchangeError = "12";
        }
        if (unb != null) {
            if (!"UNOC".equals(unb.value(1, 1)) || !"3".equals(unb.value(1, 2))) {
                reasons.add("UNB: syntax " + unb.value(1, 1) + ":" + unb.value(1, 2) + ", not UNOC:3");
                interchangeError = "2";
            }
            if (!supplierGln.equals(unb.value(2, 1)) || !"14".equals(unb.value(2, 2))) {
                reasons.add("UNB: sender " + unb.value(2, 1) + " is not the file name's " + supplierGln + ":14");
                interchangeError = "7";
            }
            if (!consortiumGln.equals(unb.value(3, 1)) || !"14".equals(unb.value(3, 2))) {
                reasons.add("UNB: recipient " + unb.value(3, 1) + " is not the consortium " + consortiumGln + ":14");
                interchangeError = "7";
            }
            if (!Long.toString(reference).equals(unb.value(5))) {
                reasons.add("UNB: reference " + unb.value(5) + " is not the file name's " + reference);
                interchangeError = "12";
            }
        }
        long before = highestReference.getAndAccumulate(reference, Math::max);
        if (reference <= before) {
            reasons.add("DUPLICATE: interchange reference " + reference + " is not higher than " + before
                    + ", received before");
            interchangeError = "26";
        }
        Map<String, List<String>> messageErrors = new LinkedHashMap<>();
        check.messageRefs().forEach(ref -> messageErrors.put(ref, new ArrayList<>()));
        for (EdifactCheck.Finding f : check.findings()) {
            if (f.messageRef() == null) {
                reasons.add(f.toString());
                interchangeError = interchangeError == null ? code(f.error()) : interchangeError;
            } else {
                messageErrors.computeIfAbsent(f.messageRef(), k -> new ArrayList<>()).add(ucsUcd(f));
                reasons.add(f.toString());
            }
        }
        // a document id accepted before may not come again (the first contract's duplicate rule)
        String message = null;
        int lin = 0;
        for (EdifactSegments.Segment s : segments) {
            if (s.tag().equals("UNH")) {
                message = s.value(1);
                lin = 0;
            } else if (s.tag().equals("LIN") && message != null) {
                // the contract: LIN numbers the message's lines 1, 2, 3 ... in order
                lin++;
                if (!Integer.toString(lin).equals(s.value(1))) {
                    messageErrors.computeIfAbsent(message, k -> new ArrayList<>())
                            .add("UCS+" + position(segments, s) + "'UCD+12+1'");
                    reasons.add("message " + message + ": LIN " + s.value(1) + " where line " + lin
                            + " was expected (the message's lines are numbered 1, 2, 3 ...)");
                }
            } else if (s.tag().equals("BGM") && message != null && interchangeError == null
                    && messageErrors.getOrDefault(message, List.of()).isEmpty() && !documentIds.add(s.value(2, 1))) {
                messageErrors.get(message).add("UCS+" + position(segments, s) + "+26'");
                reasons.add("message " + message + ": DUPLICATE document id " + s.value(2, 1));
            }
        }
        writeContrl(supplierGln, reference, interchangeError, messageErrors);
        LOG.debug("translator received {}: {}", name, reasons.isEmpty() ? "accepted" : reasons);
        return new SftpSimulator.Verdict(name, reasons.isEmpty(), reasons);
    }

    private static int position(List<EdifactSegments.Segment> segments, EdifactSegments.Segment s) {
        int unh = 0;
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).tag().equals("UNH")) {
                unh = i;
            }
            if (segments.get(i) == s) {
                return i - unh + 1;
            }
        }
        return 0;
    }

    /** UCS (and UCD for an element) for one finding, with the EDIFACT syntax error code. */
    private static String ucsUcd(EdifactCheck.Finding f) {
        if (f.element() == 0) {
            return "UCS+" + f.segmentPosition() + "+" + code(f.error()) + "'";
        }
        return "UCS+" + f.segmentPosition() + "'UCD+" + code(f.error()) + "+" + f.element()
                + (f.component() > 0 ? ":" + f.component() : "") + "'";
    }

    /** The UN/EDIFACT syntax error code (0085) of a StAEDI finding. */
    static String code(EDIStreamValidationError e) {
        return switch (e) {
            case REQUIRED_DATA_ELEMENT_MISSING, CONDITIONAL_REQUIRED_DATA_ELEMENT_MISSING, MANDATORY_SEGMENT_MISSING,
                 CONDITIONAL_REQUIRED_SEGMENT_MISSING -> "13";
            case UNEXPECTED_SEGMENT, SEGMENT_NOT_IN_PROPER_SEQUENCE, SEGMENT_NOT_IN_DEFINED_TRANSACTION_SET,
                 UNRECOGNIZED_SEGMENT_ID -> "15";
            case TOO_MANY_DATA_ELEMENTS, TOO_MANY_COMPONENTS -> "16";
            case SEGMENT_EXCEEDS_MAXIMUM_USE, LOOP_OCCURS_OVER_MAXIMUM_TIMES, TOO_MANY_REPETITIONS -> "35";
            case INVALID_CHARACTER_DATA -> "37";
            case DATA_ELEMENT_TOO_LONG -> "39";
            case DATA_ELEMENT_TOO_SHORT -> "40";
            default -> "12";
        };
    }

    private void writeContrl(String supplierGln, long reference, String interchangeError,
                             Map<String, List<String>> messageErrors) {
        long ours = contrlCount.incrementAndGet();
        boolean allGood = interchangeError == null && messageErrors.values().stream().allMatch(List::isEmpty);
        StringBuilder body = new StringBuilder();
        String action = interchangeError != null ? "4" : allGood ? "7" : "8";
        body.append("UCI+").append(reference).append('+').append(supplierGln).append(":14+").append(consortiumGln)
                .append(":14+").append(action).append(interchangeError != null ? "+" + interchangeError : "").append('\'');
        if ("8".equals(action)) {
            messageErrors.forEach((ref, errors) -> {
                body.append("UCM+").append(ref).append("+ORDRSP:D:96A:UN+").append(errors.isEmpty() ? "7" : "4").append('\'');
                errors.forEach(body::append);
            });
        }
        int segments = body.toString().split("'").length + 2;
        String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyMMdd:HHmm"));
        String contrl = "UNA:+.? 'UNB+UNOC:3+" + consortiumGln + ":14+" + supplierGln + ":14+" + now + "+C" + ours + "'"
                + "UNH+1+CONTRL:D:3:UN'" + body + "UNT+" + segments + "+1'UNZ+1+C" + ours + "'";
        try {
            Path tmp = outDir.resolve("CONTRL_C" + ours + ".edi.tmp");
            Files.writeString(tmp, contrl, java.nio.charset.StandardCharsets.ISO_8859_1);
            Files.move(tmp, outDir.resolve("CONTRL_C" + ours + ".edi"), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("the translator could not write its CONTRL: {}", e.getMessage());
        }
    }
}
