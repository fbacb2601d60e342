package nl.edigate.acks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.text.Printable;
import nl.edigate.validation.PeppolValidator;

/**
 * The client's Message Level Responses (T71) from {@code /out/mlr}, one file at a time: parsed with
 * external entities off, validated (UBL XSD + PEPPOLBIS-T71), matched to the document it answers,
 * recorded, and a copy kept locally (see {@link AcknowledgementReader}).
 */
public final class Acknowledgements extends AcknowledgementReader {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

    public Acknowledgements(Ledger ledger, Path keepDir, Parties parties) {
        super(ledger, keepDir, parties);
    }

    @Override
    public void record(String name, byte[] content) throws IOException {
        AckTally t = collected();
        Document dom = parseValid(name, content, PeppolValidator.MLR, "Peppol MLR (T71)", t);
        if (dom == null) {
            return;
        }
        String ref = text(dom, "/*/cac:DocumentResponse/cac:DocumentReference/cbc:ID");
        String code = text(dom, "/*/cac:DocumentResponse/cac:Response/cbc:ResponseCode");
        String reasons = reasons(dom);
        String overlong = overlong("document reference", ref);
        Optional<LedgerDocument> doc = ref == null || overlong != null ? Optional.empty() : ledger.findByDocumentId(ref);
        String mismatch = overlong != null ? overlong : mismatch(dom, ref, doc);
        if (mismatch != null) {
            keepUnmatched(name, content, ref, code, reasons, mismatch, t);
            return;
        }
        DocumentStatus status = switch (code == null ? "" : code) {
            case "AP" -> DocumentStatus.ACCEPTED;
            case "RE" -> DocumentStatus.REJECTED;
            default -> DocumentStatus.RECEIVED;
        };
        Path kept = keep("received", name, content);
        boolean applied = ledger.recordAck(ledgerName(name), "MATCHED", ref, doc.get().pk(), fit(code, CODE_COLUMN),
                reasons, kept.toString(), status);
        if (!applied) {
            // the report says what the ledger did: nothing, for a document no longer waiting for an answer
            t.countUnmatched();
            String problem = Printable.of(name) + ": answers " + ref + " (" + doc.get().businessKey() + "), which is "
                    + doc.get().status() + " and waits for no acknowledgement; recorded, status unchanged; kept at " + kept;
            t.problem(problem);
            LOG.warn("acknowledgement {}", problem);
            return;
        }
        switch (status) {
            case ACCEPTED -> t.countAccepted();
            case REJECTED -> {
                t.countRejected();
                t.problem(name + ": the client rejected " + ref + " (" + doc.get().businessKey() + "): " + reasons);
            }
            default -> t.countReceived();
        }
        LOG.info("acknowledgement {}: {} {}", name, code, ref);
    }

    /**
     * Null when the acknowledgement may change the document: the client sent it, to us, about a
     * document of ours of a type that gets one over this channel. Otherwise the reason it counts not.
     */
    private String mismatch(Document dom, String ref, Optional<LedgerDocument> doc) {
        if (doc.isEmpty()) {
            return "answers document " + Printable.of(ref) + ", which the ledger does not know";
        }
        String sender = text(dom, "/*/cac:SenderParty/cbc:EndpointID");
        String receiver = text(dom, "/*/cac:ReceiverParty/cbc:EndpointID");
        if (!parties.clientGln().equals(sender)) {
            return "is sent by " + Printable.of(sender) + ", not by the client (" + parties.clientGln() + ")";
        }
        if (!parties.supplierGln().equals(receiver)) {
            return "is addressed to " + Printable.of(receiver) + ", not to us (" + parties.supplierGln() + ")";
        }
        LedgerDocument d = doc.get();
        if (!parties.clientId().equals(d.clientId()) || !parties.docTypes().contains(d.docType())) {
            return "answers " + ref + ", a " + d.docType() + " for " + d.clientId()
                    + ", which gets no acknowledgement over this channel";
        }
        return null;
    }

    static String text(Document dom, String path) {
        try {
            String v = (String) xpath().evaluate(path, dom, XPathConstants.STRING);
            return v == null || v.isBlank() ? null : v.trim();
        } catch (XPathExpressionException e) {
            return null;
        }
    }

    /** The reasons of a rejection: each line response's line, reason code and description. */
    private static String reasons(Document dom) {
        try {
            NodeList lines = (NodeList) xpath().evaluate("/*/cac:DocumentResponse/cac:LineResponse", dom,
                    XPathConstants.NODESET);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < lines.getLength(); i++) {
                Node n = lines.item(i);
                String line = (String) xpath().evaluate("cac:LineReference/cbc:LineID", n, XPathConstants.STRING);
                String reason = (String) xpath().evaluate("cac:Response/cac:Status/cbc:StatusReasonCode", n,
                        XPathConstants.STRING);
                String description = (String) xpath().evaluate("cac:Response/cbc:Description", n, XPathConstants.STRING);
                out.add("line " + line + " [" + reason + "] " + description);
            }
            String top = (String) xpath().evaluate("/*/cac:DocumentResponse/cac:Response/cbc:Description", dom,
                    XPathConstants.STRING);
            if (top != null && !top.isBlank()) {
                out.add(0, top.trim());
            }
            return out.isEmpty() ? null : String.join("; ", out);
        } catch (XPathExpressionException e) {
            return null;
        }
    }

    static XPath xpath() {
        XPath x = XPathFactory.newInstance().newXPath();
        x.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "cbc" -> CBC;
                    case "cac" -> CAC;
                    default -> XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return x;
    }
}
