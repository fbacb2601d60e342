package nl.edigate.operators;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;

/**
 * How a resend ended, read from the ledger after its delivery: where each document it put in the queue
 * stands now, how many of them the client turned out to have already, and how many were not resent. The
 * console's headline, the command's exit code and serve's answer to a handed-over resend are all made
 * from this one record, so that none of them says "went out" of a document that failed.
 */
public record ResendResult(long resendId, int resent, Map<DocumentStatus, Long> statuses, long alreadyAtClient,
                           int notResent) {
    private static final int PAGE = 1000;

    /** Where the documents the resend queued stand after {@code delivery}. */
    static ResendResult of(Ledger ledger, Resender.Outcome o, RunReport delivery) {
        Map<DocumentStatus, Long> statuses = new EnumMap<>(DocumentStatus.class);
        List<Long> pks = o.resent();
        for (int from = 0; from < pks.size(); from += PAGE) {
            for (LedgerDocument d : ledger.headers(pks.subList(from, Math.min(pks.size(), from + PAGE)))) {
                statuses.merge(d.status(), 1L, Long::sum);
            }
        }
        long already = delivery == null ? 0 : delivery.sections().values().stream()
                .mapToLong(s -> s.get(RunReport.Figure.ALREADY_AT_CLIENT)).sum();
        return new ResendResult(o.resendId(), pks.size(), statuses, already, o.refused());
    }

    private long count(DocumentStatus... of) {
        long n = 0;
        for (DocumentStatus s : of) {
            n += statuses.getOrDefault(s, 0L);
        }
        return n;
    }

    /** Resent documents that failed again. */
    public long failed() {
        return count(DocumentStatus.FAILED);
    }

    /** Resent documents still waiting for delivery (it was stopped, or the client's delivery is stopped). */
    public long waiting() {
        return count(DocumentStatus.READY, DocumentStatus.SENDING);
    }

    public long uncertain() {
        return count(DocumentStatus.UNCERTAIN);
    }

    /** Resent documents that left the gateway: delivered, taken by the access point, or answered since. */
    public long delivered() {
        return resent - failed() - waiting() - uncertain() - count(DocumentStatus.SUPERSEDED);
    }

    /** 0 when every selected document was resent and left the gateway; 1 otherwise. */
    public int exitCode() {
        return failed() + waiting() + uncertain() + notResent == 0 && delivered() == resent ? 0 : 1;
    }

    /** One line, from the same figures as the exit code. */
    public String headline() {
        StringBuilder sb = new StringBuilder("resend ").append(resendId).append(": ").append(delivered()).append(" of ")
                .append(resent).append(" resent document(s) delivered");
        if (alreadyAtClient > 0) {
            sb.append(" (").append(alreadyAtClient).append(" of them already at the client, not sent again)");
        }
        sb.append(", ").append(failed()).append(" failed");
        if (waiting() > 0) {
            sb.append(", ").append(waiting()).append(" still waiting");
        }
        if (uncertain() > 0) {
            sb.append(", ").append(uncertain()).append(" uncertain");
        }
        sb.append("; ").append(notResent).append(" not resent (exit code ").append(exitCode()).append(')');
        return sb.toString();
    }
}
