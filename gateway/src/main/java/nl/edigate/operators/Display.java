package nl.edigate.operators;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.format.DateTimeFormatter;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.xml.sax.InputSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import nl.edigate.validation.PeppolValidator;

/** How operators see times and payloads, on the command line and in the console alike. */
public final class Display {
    /** The one way times are shown to operators: local time with its zone, to the second. */
    public static final DateTimeFormatter TIME = nl.edigate.text.Times.LOCAL;

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
                var dom = PeppolValidator.newSafeBuilder().parse(new InputSource(new StringReader(p)));
                Transformer t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.INDENT, "yes");
                t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
                StringWriter w = new StringWriter();
                t.transform(new DOMSource(dom), new StreamResult(w));
                return w.toString().replaceAll("(?m)^[ \\t]*\\r?\\n", "");
            }
        } catch (Exception e) {
            // shown as stored
        }
        return payload;
    }
}
