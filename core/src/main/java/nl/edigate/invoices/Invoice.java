package nl.edigate.invoices;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/**
 * One checked invoice or credit note from the ERP's invoices export (erp-export.md, "Invoices"), with
 * every line, the ERP's own total and where it came from.
 */
public record Invoice(String number, Kind kind, LocalDate issueDate, LocalDate dueDate, String buyerScheme,
                      String buyerId, String buyerName, String buyerVat, String buyerReference, String orderReference,
                      String contract, String project, String originalInvoice, List<Line> lines, BigDecimal erpTotal,
                      String sourceFile, long firstLine, String sourceRecord) {

    /** FACTUUR or CREDITNOTA, and the UNCL 1001 type code each becomes. */
    public enum Kind {
        FACTUUR("380"), CREDITNOTA("381");

        public final String typeCode;

        Kind(String typeCode) {
            this.typeCode = typeCode;
        }
    }

    /** The VAT category (UNCL 5305) a line's {@code btw} column becomes. */
    public enum VatCategory {
        /** standard rate, 21 % or 9 % */
        S,
        /** zero rated, 0 % */
        Z,
        /** reverse charge (btw verlegd), 0 % */
        AE
    }

    public record Line(int lineNumber, String description, String itemCode, BigDecimal quantity, String unitCode,
                       BigDecimal price, VatCategory category, BigDecimal rate, long sourceLine) {
    }

    /** The business key: an invoice number is sent once, for ever. */
    public String businessKey() {
        return number;
    }

    /** The buyer as a Peppol participant: scheme and identifier. */
    public String buyerParticipant() {
        return buyerScheme + ":" + buyerId;
    }

    /** SHA-256 over the business content; where it came from does not count. */
    public String contentHash() {
        StringBuilder sb = new StringBuilder();
        for (Object o : new Object[] {number, kind, issueDate, dueDate, buyerScheme, buyerId, buyerName, buyerVat,
                buyerReference, orderReference, contract, project, originalInvoice, erpTotal.stripTrailingZeros().toPlainString()}) {
            sb.append(o).append('\u001f');
        }
        sb.append('\u001e');
        for (Line l : lines) {
            for (Object o : new Object[] {l.lineNumber(), l.description(), l.itemCode(),
                    l.quantity().stripTrailingZeros().toPlainString(), l.unitCode(),
                    l.price().stripTrailingZeros().toPlainString(), l.category(), l.rate().stripTrailingZeros().toPlainString()}) {
                sb.append(o).append('\u001f');
            }
            sb.append('\u001e');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
