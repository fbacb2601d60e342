package nl.edigate.orders;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;

/** One checked order from the ERP export, with every line, and where it came from. */
public record Order(String salesOrderNumber, LocalDate orderDate, String clientOrderNumber, String clientGln,
                    String project, Status status, LocalDate deliveryDate, Address address, List<Line> lines,
                    String sourceFile, long firstLine, String sourceRecord) {

    /** SHA-256 over the business content of an order; where it came from does not count. */
    public String contentHash() {
        Order o = this;
        StringBuilder sb = new StringBuilder();
        sb.append(o.salesOrderNumber()).append('\u001f').append(o.orderDate()).append('\u001f')
                .append(o.clientOrderNumber()).append('\u001f').append(o.clientGln()).append('\u001f')
                .append(o.project()).append('\u001f').append(o.status()).append('\u001f').append(o.deliveryDate())
                .append('\u001f').append(o.address()).append('\u001e');
        for (Order.Line l : o.lines()) {
            sb.append(l.lineNumber()).append('\u001f').append(l.clientLineNumber()).append('\u001f').append(l.status())
                    .append('\u001f').append(l.itemCode()).append('\u001f').append(l.clientItemCode()).append('\u001f')
                    .append(l.gtin()).append('\u001f').append(l.description()).append('\u001f')
                    .append(l.quantity().stripTrailingZeros().toPlainString()).append('\u001f').append(l.unitCode())
                    .append('\u001f').append(l.price().stripTrailingZeros().toPlainString()).append('\u001f')
                    .append(l.vatPercent()).append('\u001e');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** ERP order status and the UNCL 4343 response code it becomes. */
    public enum Status {
        GEACCEPTEERD("AP"), GEWIJZIGD("CA"), AFGEWEZEN("RE");

        public final String responseCode;

        Status(String responseCode) {
            this.responseCode = responseCode;
        }
    }

    /** ERP line status and the UNCL 1229 line status code it becomes. */
    public enum LineStatus {
        ONGEWIJZIGD("5"), GEWIJZIGD("3"), VERVALLEN("7");

        public final String code;

        LineStatus(String code) {
            this.code = code;
        }
    }

    public record Address(String street, String postcode, String city, String country) {
        public boolean isEmpty() {
            return street == null && postcode == null && city == null;
        }
    }

    public record Line(int lineNumber, String clientLineNumber, LineStatus status, String itemCode,
                       String clientItemCode, String gtin, String description, BigDecimal quantity, String unitCode,
                       BigDecimal price, BigDecimal vatPercent, long sourceLine) {
    }

    /** The business key: one order response answers one purchase order of the client. */
    public String businessKey() {
        return clientOrderNumber + "/" + salesOrderNumber;
    }
}
