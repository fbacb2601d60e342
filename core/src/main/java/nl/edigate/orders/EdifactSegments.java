package nl.edigate.orders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;

/**
 * An EDIFACT interchange as plain segments (tag, elements, components), release characters undone, read by
 * StAEDI with its control validation of the envelope; for reading what a partner sent (a CONTRL) without
 * a schema of its message.
 */
public final class EdifactSegments {

    /** One segment: its tag and its elements, each a list of components (one for a simple element). */
    public record Segment(String tag, List<List<String>> elements) {
        /** Element {@code e}, component {@code c} (both from 1); null when absent or empty. */
        public String value(int e, int c) {
            if (e < 1 || e > elements.size()) {
                return null;
            }
            List<String> components = elements.get(e - 1);
            if (c < 1 || c > components.size()) {
                return null;
            }
            String v = components.get(c - 1);
            return v == null || v.isEmpty() ? null : v;
        }

        public String value(int e) {
            return value(e, 1);
        }
    }

    private EdifactSegments() {
    }

    /**
     * The segments, in order.
     *
     * @throws IllegalArgumentException with the reason when the bytes are not a readable interchange
     */
    public static List<Segment> read(byte[] interchange) {
        List<Segment> out = new ArrayList<>();
        try (EDIStreamReader r = EDIInputFactory.newFactory().createEDIStreamReader(
                new ByteArrayInputStream(interchange), "ISO-8859-1")) {
            String tag = null;
            List<List<String>> elements = null;
            List<String> composite = null;
            while (r.hasNext()) {
                switch (r.next()) {
                    case START_SEGMENT -> {
                        tag = r.getText();
                        elements = new ArrayList<>();
                    }
                    case START_COMPOSITE -> {
                        composite = new ArrayList<>();
                        pad(elements, r.getLocation().getElementPosition() - 1);
                        elements.add(composite);
                    }
                    case END_COMPOSITE -> composite = null;
                    case ELEMENT_DATA -> {
                        if (composite != null) {
                            pad(composite, r.getLocation().getComponentPosition() - 1);
                            composite.add(r.getText());
                        } else if (elements != null) {
                            pad(elements, r.getLocation().getElementPosition() - 1);
                            elements.add(new ArrayList<>(List.of(r.getText())));
                        }
                    }
                    case END_SEGMENT -> {
                        out.add(new Segment(tag, elements));
                        elements = null;
                    }
                    default -> {
                        // the structure events say nothing the segments do not
                    }
                }
            }
        } catch (EDIStreamException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("not readable as EDIFACT: " + e.getMessage(), e);
        }
        return out;
    }

    private static <T> void pad(List<T> list, int size) {
        while (list != null && list.size() < size) {
            list.add(null);
        }
    }
}
