package nl.edigate.delivery;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;

/** A way to put one document at the client. One instance serves a whole batch (one session, one token). */
public interface Channel {
    String name();

    /** Sends the stored payload as it is; returns where it landed. Throws on any failure. */
    Receipt send(LedgerDocument document) throws Exception;

    /** What an error from {@link #send} means for the retry decision. */
    Failure classify(Exception error);

    /** The remote name the document would get, if the channel knows it before sending. */
    default String remoteName(LedgerDocument document) {
        return null;
    }

    /** Whether sending a document again after a crash cannot make the client register it twice. */
    default boolean idempotent() {
        return false;
    }

    /**
     * A batch starts on this channel: takes one of the sessions the client's server allows at once, waiting
     * for one to be free when {@code wait}; false when none was free (or the wait was interrupted), and
     * the channel is then not used for this batch.
     */
    default boolean openSession(boolean wait) {
        return true;
    }

    /** The batch is over: close the session. */
    default void endBatch() {
    }

    /** Gives back the session {@link #openSession} took, once it is closed. */
    default void releaseSession() {
    }

    /** Drops cached credentials (an expired token), so that the next send fetches new ones. */
    default void refreshCredentials() {
    }

    /** How many documents one file holds at most: 1 is a file per document. */
    default int documentsPerFile() {
        return 1;
    }

    /**
     * The one file for these documents (at most {@link #documentsPerFile}), made once before its first
     * attempt: the same file, under the same name, for every retry.
     */
    default Parcel parcel(java.util.List<LedgerDocument> documents) {
        throw new UnsupportedOperationException(name() + " sends one document per file");
    }

    /** Sends a file of several documents as one. Throws on any failure. */
    default Receipt send(Parcel parcel) throws Exception {
        throw new UnsupportedOperationException(name() + " sends one document per file");
    }

    /** A file of several documents, named and made. */
    record Parcel(String remoteName, byte[] content) {
    }

    /** Where a delivered document landed (file name, or Location of the registered report), and the answer. */
    record Receipt(String remoteName, String response, DocumentStatus status) {
        public Receipt(String remoteName, String response) {
            this(remoteName, response, DocumentStatus.SENT);
        }
    }

    /** A failure the channel has already classified (an HTTP answer, say). */
    final class DeliveryFailure extends Exception {
        private final Failure failure;

        public DeliveryFailure(Failure failure) {
            super(failure.message());
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }
}
