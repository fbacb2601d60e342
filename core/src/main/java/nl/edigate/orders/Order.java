package nl.edigate.orders;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** One checked order from the ERP export, with every line, and where it came from. */
public record Order(String salesOrderNumber, LocalDate orderDate, String clientOrderNumber, String clientGln,
                    String project, Status status, LocalDate deliveryDate, Address address, List<Line> lines,
                    String sourceFile, long firstLine, String sourceRecord) {

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
