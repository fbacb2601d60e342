package nl.edigate.ledger;

import java.util.EnumSet;
import java.util.Set;

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
    REJECTED,
    /**
     * an e-invoice the access point took for transmission (202; remote_name is the transmission id), not
     * yet confirmed by the buyer's access point. SENT follows, with the AS4 receipt, or FAILED.
     */
    QUEUED,
    /** the buyer is processing the e-invoice (Invoice Response IP) */
    IN_PROCESS,
    /** the buyer has a question about the e-invoice (Invoice Response UQ); ack_reasons says what */
    UNDER_QUERY,
    /** the buyer accepted the e-invoice on conditions (Invoice Response CA); ack_reasons says which */
    COND_ACCEPTED,
    /** the buyer paid the e-invoice (Invoice Response PD); final */
    PAID;

    /** Delivered and waiting for the client's answer: only these have a due time, and only these are overdue. */
    public static final Set<DocumentStatus> AWAITING_ACKNOWLEDGEMENT = Set.copyOf(EnumSet.of(SENT, RECEIVED, UNCERTAIN,
            QUEUED));

    /** An e-invoice the buyer accepted or paid: never sent again, not even with --force. */
    public boolean settledForGood() {
        return this == ACCEPTED || this == PAID;
    }
}
