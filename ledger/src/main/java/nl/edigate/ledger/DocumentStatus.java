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
    /** replaced by a newer document for the same business key (newer content, or a resend with --rerender) */
    SUPERSEDED,
    /**
     * a process stopped while delivering it over SFTP: the client may or may not have it. Not uploaded
     * again by itself (the same document id twice is a breach); the client's acknowledgement settles
     * it, or an operator resends it.
     */
    UNCERTAIN,
    /** the client acknowledged receipt (MLR code AB) but has not yet accepted or rejected it */
    RECEIVED,
    /** the client accepted it (MLR code AP); final */
    ACCEPTED,
    /** the client rejected it (MLR code RE); ack_reasons says why. Waits for a fix and a resend. */
    REJECTED
}
