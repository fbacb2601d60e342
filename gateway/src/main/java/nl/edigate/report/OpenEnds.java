package nl.edigate.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.text.Times;

/**
 * What is still open in the ledger after a run, whenever it started: acknowledgements overdue (each
 * client's own deadline after delivery), documents a client rejected, failures waiting for an operator's
 * resend, failures `serve` will retry by itself (with the time), documents left UNCERTAIN by a stopped process.
 */
public record OpenEnds(long overdue, long rejected, long failedForGood, long retrying, long uncertain,
                       List<String> examples) {
    private static final int SHOWN = 20;

    /** The figures added up (an UNCERTAIN document whose answer is overdue is in both): zero when nothing is open. */
    public long total() {
        return overdue + rejected + failedForGood + retrying + uncertain;
    }

    /** @param clientId one client's open ends, or every client's for null */
    public static OpenEnds of(Ledger ledger, String clientId, Instant now) {
        DocumentFilter client = DocumentFilter.ofClient(clientId);
        List<String> examples = new ArrayList<>();
        DocumentFilter failed = client.withStatuses(Set.of(DocumentStatus.FAILED));
        long overdue = count(ledger, client.withOverdueOnly(), "overdue acknowledgement", examples);
        long rejected = count(ledger, client.withStatuses(Set.of(DocumentStatus.REJECTED)), "rejected by the client",
                examples);
        long forGood = count(ledger, failed.withRetryPlanned(false), "failed, waiting for a resend", examples);
        long retrying = count(ledger, failed.withRetryPlanned(true), "failed, waiting for serve's automatic retry",
                examples);
        long uncertain = count(ledger, client.withStatuses(Set.of(DocumentStatus.UNCERTAIN)),
                "uncertain, waiting for the client's answer or a resend", examples);
        return new OpenEnds(overdue, rejected, forGood, retrying, uncertain, examples);
    }

    private static long count(Ledger ledger, DocumentFilter f, String label, List<String> examples) {
        long n = ledger.countByStatus(f).values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return 0;
        }
        for (LedgerDocument d : ledger.find(f, SHOWN, 0)) {
            examples.add(label + ": #" + d.pk() + " " + d.clientId() + " " + d.docType() + " " + d.businessKey() + " "
                    + d.documentId() + (d.retryAt() != null ? " (next try " + Times.format(d.retryAt()) + ")" : "")
                    + (d.ackReasons() != null ? " (" + d.ackReasons() + ")"
                    : d.lastError() != null ? " (" + d.lastError() + ")" : ""));
        }
        return n;
    }
}
