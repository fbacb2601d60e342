package nl.edigate.delivery;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.edigate.invoices.SiUblMapper;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.text.Printable;

/**
 * E-invoices to one buyer through the access point (client-gemeente-interface.md, section 3): the UBL
 * document posted with the Peppol headers and the document id as Idempotency-Key (the same on every retry,
 * so a retry after a lost answer gets the same transmission back), every answer classified as the
 * contract's table says. A document the AP took is QUEUED under its transmission id; the AP's status and
 * the buyer's answers come later ({@code AccessPointPass}).
 */
public final class AccessPointChannel implements Channel {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The contract's limit on a document's size. */
    static final int MAX_BYTES = 10 * 1024 * 1024;
    public static final String PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

    private final AccessPoint ap;
    private final String sender;
    private final String receiver;

    /**
     * @param sender   our Peppol participant id, {@code 0106:<KvK>}
     * @param receiver the buyer's, {@code <scheme>:<id>}
     */
    public AccessPointChannel(AccessPoint ap, String sender, String receiver) {
        this.ap = ap;
        this.sender = sender;
        this.receiver = receiver;
    }

    @Override
    public String name() {
        return "PEPPOL-AP";
    }

    /** The Idempotency-Key makes a second POST of the same document harmless: the AP answers 200. */
    @Override
    public boolean idempotent() {
        return true;
    }

    /** The Peppol document type id of an SI-UBL 2.0 invoice or credit note. */
    static String documentType(String payload) {
        String root = payload.contains("<CreditNote") || payload.contains(":CreditNote ") ? "CreditNote" : "Invoice";
        return "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2::" + root + "##"
                + SiUblMapper.CUSTOMIZATION_ID + "::2.1";
    }

    @Override
    public Receipt send(LedgerDocument document) throws Exception {
        byte[] bytes = document.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new DeliveryFailure(new Failure(Failure.Kind.REJECTED, "the document is " + bytes.length
                    + " bytes; the access point takes at most 10 MiB"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        headers.put("Peppol-Sender", sender);
        headers.put("Peppol-Receiver", receiver);
        headers.put("Peppol-Document-Type", documentType(document.payload()));
        headers.put("Peppol-Process", PROCESS);
        headers.put("Idempotency-Key", document.documentId());
        AccessPoint.Answer a = ap.request("POST", "/api/v2/outbound", headers, document.payload());
        if (a.status() == 202 || a.status() == 200) {
            String id = transmissionId(a.body());
            if (id == null) {
                throw new DeliveryFailure(new Failure(Failure.Kind.TRANSIENT, a.status()
                        + " without a transmissionId: the answer cannot be recorded; asked again under the same key",
                        null, a.body()));
            }
            if (!AccessPoint.validId(id)) {
                // never stored as it came (it would not fit, or would forge a line): the AP broke its protocol
                throw new DeliveryFailure(new Failure(Failure.Kind.PROTOCOL, a.status() + " with a transmission id"
                        + " that breaks the access point's protocol (" + Printable.of(id, 40) + ", " + id.length()
                        + " characters): the access point may hold the invoice under it; ask the access point before any"
                        + " resend. Delivery of e-invoices is stopped", null, Printable.of(a.body(), 1000)));
            }
            String note = a.status() == 202 ? "202 queued for transmission as " + id
                    : "200 already queued under this Idempotency-Key as " + id;
            return new Receipt(id, note, DocumentStatus.QUEUED);
        }
        throw new DeliveryFailure(answer(a.status(), a.body(), a.retryAfter(), sender));
    }

    private static String transmissionId(String body) {
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            String id = n == null ? null : n.path("transmissionId").asText(null);
            return id == null || id.isBlank() ? null : id;
        } catch (IOException e) {
            return null;
        }
    }

    /** The contract's answer table (section 3), as failures. */
    static Failure answer(int status, String body, String retryAfter, String sender) {
        String text = status + " " + HttpsApiChannel.summary(body);
        return switch (status) {
            case 400, 422 -> new Failure(Failure.Kind.REJECTED, "the access point refused the document (its validation"
                    + " failed): " + text, null, body);
            case 403 -> new Failure(Failure.Kind.PERMISSION, "the access point does not let our certificate send for "
                    + sender + ": " + text + "; delivery of e-invoices is stopped", null, body);
            case 409 -> new Failure(Failure.Kind.REJECTED, "the access point has this Idempotency-Key with another"
                    + " document: " + text, null, body);
            case 413 -> new Failure(Failure.Kind.REJECTED, "the access point finds the document too large: " + text,
                    null, body);
            case 429 -> new Failure(Failure.Kind.RATE_LIMITED, "429: too many requests",
                    HttpsApiChannel.parseRetryAfter(retryAfter), body);
            default -> status >= 500 || status == 408
                    ? new Failure(Failure.Kind.TRANSIENT, "temporary: " + text, HttpsApiChannel.parseRetryAfter(retryAfter), body)
                    : new Failure(Failure.Kind.REJECTED, "unexpected answer " + text, null, body);
        };
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.classify(error);
    }
}
