package nl.edigate.acks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;

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
 * The buyers' Invoice Responses (Peppol T111, client-gemeente-interface.md section 4) as the access point
 * hands them over: parsed with external entities off, validated (UBL XSD + PEPPOLBIS-T111), matched to the
 * invoice they answer by its number and the buyer that sent them, recorded with their status code and
 * reasons, and a copy kept locally. Nothing is dropped: an invalid or unmatched one is kept and reported.
 */
public final class InvoiceResponses extends AcknowledgementReader {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceResponses.class);
    private static final String INVOICE = "INVOICE";
    /** The states an invoice answers from: anywhere after the AP took it, but not once it is paid. */
    static final Set<DocumentStatus> ANSWERABLE = EnumSet.of(DocumentStatus.QUEUED, DocumentStatus.SENT,
            DocumentStatus.UNCERTAIN, DocumentStatus.RECEIVED, DocumentStatus.IN_PROCESS, DocumentStatus.UNDER_QUERY,
            DocumentStatus.COND_ACCEPTED, DocumentStatus.ACCEPTED, DocumentStatus.REJECTED);

    /**
     * How far along the buyer's handling a status is: an answer moves the invoice only forward or level
     * (under query and in process go back and forth), so that a late "received" never undoes an "accepted".
     */
    static int stage(DocumentStatus s) {
        return switch (s) {
            case RECEIVED -> 1;
            case IN_PROCESS, UNDER_QUERY -> 2;
            case COND_ACCEPTED, ACCEPTED, REJECTED -> 3;
            case PAID -> 4;
            default -> 0;
        };
    }

    /** The states an answer with this status may move an invoice from. */
    static Set<DocumentStatus> movesFrom(DocumentStatus answer) {
        Set<DocumentStatus> from = EnumSet.noneOf(DocumentStatus.class);
        ANSWERABLE.stream().filter(s -> stage(s) <= stage(answer)).forEach(from::add);
        return from;
    }

    /** Each buyer's client id, by its Peppol participant id ({@code scheme:id}). */
    private final Map<String, String> clientsByParticipant;
    private final String supplierParticipant;

    public InvoiceResponses(Ledger ledger, Path keepDir, String supplierParticipant, Map<String, String> clientsByParticipant) {
        super(ledger, keepDir, new Parties("access-point", null, supplierParticipant, Set.of(INVOICE)));
        this.supplierParticipant = supplierParticipant;
        this.clientsByParticipant = Map.copyOf(clientsByParticipant);
    }

    /** The invoice status an Invoice Response code (UNCL 4343 subset) moves to. */
    static DocumentStatus statusOf(String code) {
        return switch (code == null ? "" : code) {
            case "AB" -> DocumentStatus.RECEIVED;
            case "IP" -> DocumentStatus.IN_PROCESS;
            case "UQ" -> DocumentStatus.UNDER_QUERY;
            case "CA" -> DocumentStatus.COND_ACCEPTED;
            case "RE" -> DocumentStatus.REJECTED;
            case "AP" -> DocumentStatus.ACCEPTED;
            case "PD" -> DocumentStatus.PAID;
            default -> null;
        };
    }

    @Override
    public void record(String name, byte[] content) throws IOException {
        AckTally t = collected();
        Document dom = parseValid(name, content, PeppolValidator.INVOICE_RESPONSE, "Peppol Invoice Response (T111)", t);
        if (dom == null) {
            return;
        }
        String number = Acknowledgements.text(dom, "/*/cac:DocumentResponse/cac:DocumentReference/cbc:ID");
        String code = Acknowledgements.text(dom, "/*/cac:DocumentResponse/cac:Response/cbc:ResponseCode");
        String sender = participant(dom, "SenderParty");
        String receiver = participant(dom, "ReceiverParty");
        String reasons = reasons(dom);
        DocumentStatus status = statusOf(code);
        String client = clientsByParticipant.get(sender);
        String overlong = overlong("invoice reference", number);
        Optional<LedgerDocument> doc = client == null || number == null || overlong != null ? Optional.empty()
                : ledger.latestForKey(client, INVOICE, number);
        String why = overlong != null ? overlong : client == null ? "is sent by " + Printable.of(sender) + ", a buyer without a profile"
                : !supplierParticipant.equals(receiver) ? "is addressed to " + Printable.of(receiver) + ", not to us ("
                + supplierParticipant + ")"
                : doc.isEmpty() ? "answers invoice " + Printable.of(number) + ", which the ledger does not know for " + client
                : status == null ? "has response code " + Printable.of(code) + ", which no invoice status follows from" : null;
        if (why != null) {
            keepUnmatched(name, content, number, code, reasons, why, t);
            return;
        }
        Path kept = keep("received", name, content);
        LedgerDocument d = doc.get();
        boolean applied = ledger.recordLifecycle(new Ledger.LifecycleStep(ledgerName(name), number, d.pk(), code, reasons, status,
                movesFrom(status), null, null, kept.toString()));
        if (!applied) {
            t.countUnmatched();
            t.problem(Printable.of(name) + ": answers invoice " + number + " with " + code + ", but it is "
                    + ledger.latestForKey(client, INVOICE, number).map(LedgerDocument::status).orElse(d.status())
                    + " already (a later answer came first, or it is paid); recorded, status unchanged; kept at " + kept);
            return;
        }
        switch (status) {
            case ACCEPTED, PAID -> t.countAccepted();
            case REJECTED -> {
                t.countRejected();
                t.problem(name + ": " + client + " rejected invoice " + number + ": " + reasons);
            }
            case UNDER_QUERY -> {
                t.countReceived();
                t.problem(name + ": " + client + " has a query about invoice " + number + ": " + reasons);
            }
            default -> t.countReceived();
        }
        LOG.info("invoice response {}: {} for invoice {} of {}", name, code, number, client);
    }

    /** An inbound document that breaks the AP's protocol: kept aside as unmatched with the reason. */
    void keepAside(String name, byte[] content, String why, AckTally t) throws IOException {
        keepUnmatched(name, content, null, null, null, why, t);
    }

    private static String participant(Document dom, String party) {
        String id = Acknowledgements.text(dom, "/*/cac:" + party + "/cbc:EndpointID");
        String scheme = Acknowledgements.text(dom, "/*/cac:" + party + "/cbc:EndpointID/@schemeID");
        return scheme + ":" + id;
    }

    /** The status reasons and actions of the response, code and text. */
    private static String reasons(Document dom) {
        try {
            NodeList statuses = (NodeList) Acknowledgements.xpath().evaluate(
                    "/*/cac:DocumentResponse/cac:Response/cac:Status", dom, XPathConstants.NODESET);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < statuses.getLength(); i++) {
                Node n = statuses.item(i);
                String code = (String) Acknowledgements.xpath().evaluate("cbc:StatusReasonCode", n, XPathConstants.STRING);
                String text = (String) Acknowledgements.xpath().evaluate("cbc:StatusReason", n, XPathConstants.STRING);
                out.add((code.isBlank() ? "" : "[" + code.trim() + "] ") + text.trim());
            }
            return out.isEmpty() ? null : String.join("; ", out);
        } catch (XPathExpressionException e) {
            return null;
        }
    }
}
