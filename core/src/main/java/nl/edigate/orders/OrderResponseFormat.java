package nl.edigate.orders;

import java.time.LocalDate;

/**
 * A client's format for order responses, chosen by name in the client profile ({@code orders.format}):
 * it renders the document for one order, checks it the way the client will before it is stored, names
 * the file at the client, and says how many documents one file holds. Adding a format is a class and its
 * line in {@link OrderResponseFormats}.
 */
public interface OrderResponseFormat {

    /** The name a client profile gives in {@code orders.format}. */
    String name();

    /**
     * The document for this order, under this document id, checked as the client checks it.
     *
     * @throws FormatException with every problem found, when the client would refuse the document
     */
    String render(Order order, String documentId, LocalDate issueDate);

    /** The file's final name at the client for a document (or, for a file of several, its first). */
    String fileName(String supplierGln, String documentId);

    /** A new document id, unique for ever, in the form the format's document number field allows. */
    default String newDocumentId() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * The kind of acknowledgement the client answers this format with, by the name its reader is
     * registered under in the gateway ({@code peppol-mlr}, {@code edifact-contrl}).
     */
    default String acknowledgement() {
        return "peppol-mlr";
    }

    /** The character set the payload goes to the client in. */
    default java.nio.charset.Charset charset() {
        return java.nio.charset.StandardCharsets.UTF_8;
    }

    /** What the client gets changed from the ERP's data (a text cut to fit), said per order; none by default. */
    default java.util.List<String> warnings(Order order) {
        return java.util.List.of();
    }
}
