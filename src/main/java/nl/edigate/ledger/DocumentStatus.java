package nl.edigate.ledger;

/** The states of an outgoing document. Every change is a row update with a reason. */
public enum DocumentStatus {
    /** stored and valid, waiting for delivery */
    READY,
    /** an attempt is under way; left behind only by a crash, and then checked on the next run */
    SENDING,
    /** delivered; remote_name says where */
    SENT,
    /** not delivered; last_error says why. Waits for an operator's resend. */
    FAILED,
    /** replaced by a newer document for the same business key before it was delivered */
    SUPERSEDED
}
