package nl.edigate.validation;

import java.io.StringReader;
import java.io.StringWriter;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * XML read with DOCTYPEs refused, so that no external entity is ever resolved, and written back with the
 * JDK's own classes: no search of every jar's META-INF/services at each call (measured: that search grew
 * with the console's jars and was seen in the profile of every validation; a `show` found Saxon through
 * it and loaded 330 classes to indent one document). Nothing here loads the validation rules.
 */
public final class SafeXml {
    private SafeXml() {
    }

    /** A DOM parser with DOCTYPEs refused and every external access off. */
    public static DocumentBuilder newBuilder() throws ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f.newDocumentBuilder();
    }

    public static Document parse(String xml) throws Exception {
        return newBuilder().parse(new InputSource(new StringReader(xml)));
    }

    /** The document indented by two spaces a level, without blank lines. */
    public static String indented(String xml) throws Exception {
        Document dom = parse(xml);
        TransformerFactory tf = TransformerFactory.newDefaultInstance();
        tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer t = tf.newTransformer();
        t.setOutputProperty(OutputKeys.INDENT, "yes");
        t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        StringWriter w = new StringWriter();
        t.transform(new DOMSource(dom), new StreamResult(w));
        return w.toString().replaceAll("(?m)^[ \\t]*\\r?\\n", "");
    }
}
