package nl.edigate.service;

import nl.edigate.ledger.Ledger;

/** Where alerts go (mail, a webhook). Throws when this one could not be delivered; it is tried again later. */
public interface AlertSender {
    /**
     * Sends one alert's firing or, with {@code resolved}, its resolution, to the gateway's recipients and
     * those of the alert's client.
     */
    void send(Ledger.Alert alert, boolean resolved) throws Exception;

    /** Where this sender sends to, for the log (no secrets). */
    String describe();
}
