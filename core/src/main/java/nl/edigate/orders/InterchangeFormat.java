package nl.edigate.orders;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * A format whose documents travel several to a file, in an interchange with a control reference of its
 * own (EDIFACT). The ledger gives the reference; the format wraps the stored messages in the envelope,
 * numbers them, checks the whole as the client's translator will and names the file.
 */
public interface InterchangeFormat {

    /** At most this many documents per interchange. */
    int documentsPerFile();

    /**
     * The interchange holding these stored messages as messages 1..n, under this control reference.
     *
     * @throws FormatException when the interchange breaks the contract's structure
     */
    String interchange(List<String> messages, long reference, ZonedDateTime at);

    /** The interchange's final file name at the client. */
    String interchangeFileName(String supplierGln, long reference);
}
