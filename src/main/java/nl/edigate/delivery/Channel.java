package nl.edigate.delivery;

/** A way to put one document at the client. One instance serves a whole batch (one session). */
public interface Channel {
    String name();

    /** The remote name the document gets. */
    String remoteName(String documentId);

    void send(String remoteName, byte[] payload) throws Exception;
}
