package nl.edigate.orders;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.xlate.edi.schema.Schema;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.EDIStreamValidationError;
import io.xlate.edi.stream.Location;

/**
 * Reads an EDIFACT interchange as a translator does: the envelope against StAEDI's control schema
 * (counts, references, syntax identifier), every message against the given message schema. Says each
 * finding with the message reference, the segment and its position, and the element.
 */
public final class EdifactCheck {

    /** One finding: in message {@code messageRef} (null for the envelope), at this segment and element. */
    public record Finding(String messageRef, String segmentTag, int segmentPosition, int element, int component,
                          EDIStreamValidationError error) {
        @Override
        public String toString() {
            return (messageRef == null ? "envelope" : "message " + messageRef) + ", segment " + segmentTag
                    + " (position " + segmentPosition + ")" + (element > 0 ? ", element " + element : "")
                    + (component > 0 ? ", component " + component : "") + ": " + error;
        }
    }

    /** What a check found: the interchange's reference and message references as read, and the findings. */
    public record Result(String interchangeRef, List<String> messageRefs, List<Finding> findings, String unreadable) {
        public boolean ok() {
            return findings.isEmpty() && unreadable == null;
        }
    }

    private EdifactCheck() {
    }

    /** The problems, as text; empty when the interchange is sound. */
    static List<String> check(String interchange, Schema message) {
        Result r = read(interchange.getBytes(StandardCharsets.ISO_8859_1), message);
        List<String> out = new ArrayList<>();
        r.findings().forEach(f -> out.add(f.toString()));
        if (r.unreadable() != null) {
            out.add(r.unreadable());
        }
        return out;
    }

    /** Reads the whole interchange; a stream that cannot be read at all ends the reading with the reason. */
    public static Result read(byte[] interchange, Schema message) {
        List<Finding> findings = new ArrayList<>();
        List<String> messageRefs = new ArrayList<>();
        String interchangeRef = null;
        String currentMessage = null;
        String unreadable = null;
        EDIInputFactory factory = EDIInputFactory.newFactory();
        try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(interchange), "ISO-8859-1")) {
            String segment = null;
            int element = 0;
            while (reader.hasNext()) {
                EDIStreamEvent event = reader.next();
                switch (event) {
                    case START_SEGMENT -> {
                        segment = reader.getText();
                        element = 0;
                    }
                    case ELEMENT_DATA -> {
                        Location at = reader.getLocation();
                        if ("UNB".equals(segment) && at.getElementPosition() == 5) {
                            interchangeRef = reader.getText();
                        }
                        if ("UNH".equals(segment) && at.getElementPosition() == 1) {
                            currentMessage = reader.getText();
                            messageRefs.add(currentMessage);
                        }
                        element = at.getElementPosition();
                    }
                    case END_SEGMENT -> {
                        if ("UNH".equals(segment) && message != null) {
                            reader.setTransactionSchema(message);
                        }
                        if ("UNT".equals(segment)) {
                            currentMessage = null;
                        }
                    }
                    case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> {
                        Location at = reader.getLocation();
                        findings.add(new Finding(currentMessage, event == EDIStreamEvent.SEGMENT_ERROR
                                ? reader.getText() : at.getSegmentTag(), at.getSegmentPosition(),
                                event == EDIStreamEvent.SEGMENT_ERROR ? 0 : at.getElementPosition(),
                                event == EDIStreamEvent.SEGMENT_ERROR ? 0 : Math.max(0, at.getComponentPosition()),
                                reader.getErrorType()));
                    }
                    default -> {
                        // structure events carry nothing to check
                    }
                }
            }
        } catch (EDIStreamException | java.io.IOException | RuntimeException e) {
            unreadable = "not readable as EDIFACT: " + e.getMessage();
        }
        return new Result(interchangeRef, messageRefs, findings, unreadable);
    }
}
