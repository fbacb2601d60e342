package nl.edigate.service;

import nl.edigate.ledger.Ledger;
import nl.edigate.operators.Display;

/** An alert as words: the subject line and the text of a mail or a chat message. */
final class AlertText {
    private AlertText() {
    }

    static String subject(Ledger.Alert a, boolean resolved) {
        String first = a.summary().lines().findFirst().orElse(a.kind());
        return "[edigate] " + (resolved ? "RESOLVED" : "FIRING") + " " + a.kind()
                + (a.clientId() == null ? "" : " " + a.clientId()) + ": " + ProblemWatch.cut(first, 140);
    }

    static String body(Ledger.Alert a, boolean resolved, String host) {
        return (resolved ? "Resolved at " + Display.TIME.format(a.resolvedAt()) + ": " : "")
                + a.summary() + "\n\n"
                + "Alert " + a.key() + " (" + a.kind() + ")" + (a.clientId() == null ? "" : ", client " + a.clientId())
                + ", since " + Display.TIME.format(a.openedAt()) + ", gateway " + host + ".\n"
                + "Look with: edigate messages --client " + (a.clientId() == null ? "<client>" : a.clientId())
                + " --status FAILED, or in the console.\n";
    }
}
