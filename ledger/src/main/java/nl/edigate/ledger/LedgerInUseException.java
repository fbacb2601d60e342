package nl.edigate.ledger;

/** Another gateway process has the ledger: two would deliver the same documents. */
public class LedgerInUseException extends LedgerException {
    public LedgerInUseException(String message, Throwable cause) {
        super(message, cause);
    }
}
