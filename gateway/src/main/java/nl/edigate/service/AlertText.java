package nl.edigate.service;

import nl.edigate.ledger.Ledger;
import nl.edigate.text.Times;

/** An alert as words: the subject line and the text of a mail or a chat message. */
final class AlertText {
    private AlertText() {
    }

    static String subject(Ledger.Alert a, boolean resolved) {
        String first = resolved && a.resolution() != null ? a.resolution()
                : a.summary().lines().findFirst().orElse(a.kind());
        return "[edigate] " + (resolved ? "RESOLVED" : "FIRING") + " " + a.kind()
                + (a.clientId() == null ? "" : " " + a.clientId()) + ": " + ProblemWatch.cut(first, 140);
    }

    static String body(Ledger.Alert a, boolean resolved, String host) {
        return (resolved ? "Resolved at " + Times.format(a.resolvedAt()) + ": "
                + (a.resolution() == null ? "the problem is no longer seen" : a.resolution())
                + ".\n\nThe alert was: " : "")
                + a.summary() + "\n\n"
                + "Alert " + a.key() + " (" + a.kind() + ")" + (a.clientId() == null ? "" : ", client " + a.clientId())
                + ", since " + Times.format(a.openedAt()) + " (" + Times.zoneNote() + "), gateway " + host + ".\n"
                + "Look with: edigate messages --client " + (a.clientId() == null ? "<client>" : a.clientId())
                + " --status FAILED, or in the console.\n";
    }
}
