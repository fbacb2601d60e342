package nl.edigate.acks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.orders.EdifactSegments;
import nl.edigate.report.AckTally;
import nl.edigate.text.Printable;

/**
 * The consortium's CONTRL syntax and service reports (client-bouwcombinatie-interface.md, section 5): one
 * per interchange we sent, matched by its interchange control reference ({@code UCI}) to the documents
 * the ledger says the interchange carried. Action {@code 7}: every message accepted; {@code 4}: the
 * interchange rejected as a whole; {@code 8}: received, with a {@code UCM} per message that was not all
 * right ({@code 4} rejected, {@code 7} accepted), its {@code UCS}/{@code UCD} error codes and positions
 * recorded as the reasons. A message a {@code 8} does not name is received.
 */
public final class ContrlAcknowledgements extends AcknowledgementReader {
    private static final Logger LOG = LoggerFactory.getLogger(ContrlAcknowledgements.class);

    public ContrlAcknowledgements(Ledger ledger, Path keepDir, Parties parties) {
        super(ledger, keepDir, parties);
    }

    /** What the CONTRL says about one message: its action and the syntax errors named. */
    private record Verdict(String action, List<String> errors) {
    }

    @Override
    public void record(String name, byte[] content) throws IOException {
        AckTally t = collected();
        List<EdifactSegments.Segment> segments;
        try {
            segments = EdifactSegments.read(content);
        } catch (IllegalArgumentException e) {
            keepInvalid(name, content, e.getMessage(), t);
            return;
        }
        EdifactSegments.Segment unb = first(segments, "UNB");
        EdifactSegments.Segment unh = first(segments, "UNH");
        EdifactSegments.Segment uci = first(segments, "UCI");
        if (unb == null || unh == null || uci == null || !"CONTRL".equals(unh.value(2, 1))) {
            keepInvalid(name, content, "not a CONTRL: no UNB, UNH+...+CONTRL or UCI segment", t);
            return;
        }
        String ref = uci.value(1);
        String interchangeAction = uci.value(4);
        String mismatch = mismatch(unb, uci);
        List<Ledger.InterchangeMessage> messages = mismatch != null || ref == null || !ref.matches("[0-9]{1,14}")
                ? List.of() : ledger.interchangeMessages(parties.clientId(), Long.parseLong(ref));
        if (mismatch == null && messages.isEmpty()) {
            mismatch = overlong("interchange reference", ref) != null ? overlong("interchange reference", ref)
                    : "answers interchange " + Printable.of(ref) + ", which the ledger does not know";
        }
        if (mismatch != null) {
            keepUnmatched(name, content, ref, interchangeAction, null, mismatch, t);
            return;
        }
        if (!List.of("4", "7", "8").contains(String.valueOf(interchangeAction))) {
            keepInvalid(name, content, "UCI action '" + Printable.of(interchangeAction) + "' is not 4, 7 or 8", t);
            return;
        }
        Map<String, Verdict> byMessage = perMessage(segments);
        Path kept = keep("received", name, content);
        for (Ledger.InterchangeMessage m : messages) {
            Verdict v = switch (interchangeAction) {
                case "7" -> new Verdict("7", List.of());
                case "4" -> new Verdict("4", errors(uci, "the interchange was rejected as a whole"));
                default -> byMessage.getOrDefault(Integer.toString(m.messageRef()), new Verdict("8", List.of()));
            };
            apply(name, ref, m, v, kept, t);
        }
        LOG.info("CONTRL {}: interchange {} action {} for {} messages", name, ref, interchangeAction, messages.size());
    }

    private void apply(String name, String ref, Ledger.InterchangeMessage m, Verdict v, Path kept, AckTally t) {
        DocumentStatus status = switch (v.action()) {
            case "7" -> DocumentStatus.ACCEPTED;
            case "4" -> DocumentStatus.REJECTED;
            default -> DocumentStatus.RECEIVED;
        };
        String reasons = v.errors().isEmpty() ? null
                : "interchange " + ref + " message " + m.messageRef() + ": " + String.join("; ", v.errors());
        LedgerDocument doc = ledger.document(m.documentPk()).orElse(null);
        String documentId = doc == null ? null : doc.documentId();
        boolean applied = ledger.recordAck(ledgerName(name), "MATCHED", documentId, m.documentPk(), v.action(), reasons,
                kept.toString(), status);
        if (!applied) {
            t.countUnmatched();
            t.problem(Printable.of(name) + ": answers " + documentId + " (interchange " + ref + " message "
                    + m.messageRef() + "), which waits for no acknowledgement; recorded, status unchanged");
            return;
        }
        switch (status) {
            case ACCEPTED -> t.countAccepted();
            case REJECTED -> {
                t.countRejected();
                t.problem(name + ": the client rejected " + documentId + " (" + (doc == null ? "?" : doc.businessKey())
                        + "): " + reasons);
            }
            default -> t.countReceived();
        }
    }

    /** The CONTRL must come from the client and answer an interchange we sent to it. */
    private String mismatch(EdifactSegments.Segment unb, EdifactSegments.Segment uci) {
        String sender = unb.value(2, 1);
        String recipient = unb.value(3, 1);
        if (!parties.clientGln().equals(sender)) {
            return "is sent by " + Printable.of(sender) + ", not by the client (" + parties.clientGln() + ")";
        }
        if (!parties.supplierGln().equals(recipient)) {
            return "is addressed to " + Printable.of(recipient) + ", not to us (" + parties.supplierGln() + ")";
        }
        if (!parties.supplierGln().equals(uci.value(2, 1)) || !parties.clientGln().equals(uci.value(3, 1))) {
            return "answers an interchange from " + Printable.of(uci.value(2, 1)) + " to " + Printable.of(uci.value(3, 1))
                    + ", not one of ours to the client";
        }
        return null;
    }

    /** Each UCM with the UCS/UCD segments that follow it, by message reference. */
    private static Map<String, Verdict> perMessage(List<EdifactSegments.Segment> segments) {
        Map<String, Verdict> out = new LinkedHashMap<>();
        String current = null;
        for (EdifactSegments.Segment s : segments) {
            switch (s.tag()) {
                case "UCM" -> {
                    current = s.value(1);
                    List<String> errors = new ArrayList<>();
                    if (s.value(4) != null) {
                        errors.add("syntax error " + s.value(4) + " in the message");
                    }
                    out.put(current, new Verdict(String.valueOf(s.value(3)), errors));
                }
                case "UCS" -> {
                    if (current != null) {
                        out.get(current).errors().add("segment " + s.value(1)
                                + (s.value(2) == null ? "" : ": syntax error " + s.value(2)));
                    }
                }
                case "UCD" -> {
                    if (current != null) {
                        out.get(current).errors().add("element " + s.value(2, 1)
                                + (s.value(2, 2) == null ? "" : ":" + s.value(2, 2)) + ": syntax error " + s.value(1));
                    }
                }
                default -> {
                    // UNB, UNH, UCI, UNT, UNZ: read above
                }
            }
        }
        return out;
    }

    private static List<String> errors(EdifactSegments.Segment uci, String what) {
        return uci.value(5) == null ? List.of(what) : List.of(what + ", syntax error " + uci.value(5));
    }

    private static EdifactSegments.Segment first(List<EdifactSegments.Segment> segments, String tag) {
        for (EdifactSegments.Segment s : segments) {
            if (s.tag().equals(tag)) {
                return s;
            }
        }
        return null;
    }
}
