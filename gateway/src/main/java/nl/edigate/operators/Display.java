package nl.edigate.operators;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nl.edigate.validation.SafeXml;

/** How operators see times and payloads, on the command line and in the console alike. */
public final class Display {
    private Display() {
    }

    /** A JSON or XML payload indented for reading (XML parsed with external entities off); else as stored. */
    public static String pretty(String payload) {
        String p = payload.strip();
        try {
            if (p.startsWith("{") || p.startsWith("[")) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                return m.writeValueAsString(m.readTree(p));
            }
            if (p.startsWith("<")) {
                return SafeXml.indented(p);
            }
        } catch (Exception e) {
            // shown as stored
        }
        return payload;
    }
}
