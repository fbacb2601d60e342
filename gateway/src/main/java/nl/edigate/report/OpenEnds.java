package nl.edigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;

/**
 * What is still open in the ledger after a run, whenever it started: acknowledgements overdue (each
 * client's own deadline after delivery), documents a client rejected, failures waiting for a resend.
 */
public record OpenEnds(long overdue, long rejected, long failed, List<String> examples) {
    private static final int SHOWN = 20;

    /** @param clientId one client's open ends, or every client's for null */
    public static OpenEnds of(Ledger ledger, String clientId, Instant now) {
        DocumentFilter client = DocumentFilter.ofClient(clientId);
        List<String> examples = new ArrayList<>();
        long overdue = count(ledger, client.withOverdueOnly(), "overdue acknowledgement", examples);
        long rejected = count(ledger, client.withStatuses(Set.of(DocumentStatus.REJECTED)), "rejected by the client",
                examples);
        long failed = count(ledger, client.withStatuses(Set.of(DocumentStatus.FAILED)), "failed, waiting for a resend",
                examples);
        return new OpenEnds(overdue, rejected, failed, examples);
    }

    private static long count(Ledger ledger, DocumentFilter f, String label, List<String> examples) {
        long n = ledger.countByStatus(f).values().stream().mapToLong(Long::longValue).sum();
        for (LedgerDocument d : ledger.find(f, SHOWN, 0)) {
            examples.add(label + ": #" + d.pk() + " " + d.clientId() + " " + d.docType() + " " + d.businessKey() + " " + d.documentId()
                    + (d.ackReasons() != null ? " (" + d.ackReasons() + ")"
                    : d.lastError() != null ? " (" + d.lastError() + ")" : ""));
        }
        return n;
    }
}
