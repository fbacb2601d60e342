package nl.edigate.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.intake.OrderIntake;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.projects.ProjectIntake;

/**
 * An operator's resend. As sent: the stored payload again, same document id, same Idempotency-Key.
 * With --rerender: mapped again from the stored source record with today's configuration, validated
 * again, under a new document id; the old one is superseded by it. A document the client accepted is
 * refused unless forced; one already waiting for delivery or superseded is left alone. Every resend is
 * recorded with who, when, why and which documents, before anything goes out.
 */
public final class Resender {
    /** The document type of e-invoices (the invoices export's). */
    private static final String INVOICE = InvoiceIntake.DOC_TYPE;

    public enum Mode { AS_SENT, RERENDER }

    /** What would happen to one document. */
    public record Item(LedgerDocument doc, boolean go, String why) {
    }

    /**
     * What a resend did: how many documents were queued as sent and re-rendered, which documents are in the
     * queue because of it ({@code resent}: the same ones as sent, the new ones re-rendered), how many not.
     */
    public record Outcome(long resendId, int queued, int rerendered, int refused, List<String> problems,
                          List<Long> resent) {
    }

    private final Ledger ledger;
    private final OrderIntake orders;
    private final ProjectIntake projects;
    private final InvoiceIntake invoices;

    public Resender(Ledger ledger, OrderIntake orders, ProjectIntake projects, InvoiceIntake invoices) {
        this.invoices = invoices;
        this.ledger = ledger;
        this.orders = orders;
        this.projects = projects;
    }

    /**
     * Decides per document; changes nothing (this is what --dry-run prints). The plan holds no payloads,
     * so that a resend of 100,000 documents fits in a small heap; a missing key is left out.
     */
    public List<Item> plan(List<Long> pks, boolean force) {
        List<Item> items = new ArrayList<>();
        java.util.Set<Long> removed = ledger.payloadsRemoved(pks);
        for (LedgerDocument d : ledger.headers(pks)) {
            items.add(removed.contains(d.pk()) ? new Item(d, false, "its payload and source record were removed by"
                    + " the retention policy (retention.payloads-months): it cannot be sent or rendered again")
                    : decide(d, force));
        }
        return items;
    }

    public static Item decide(LedgerDocument d, boolean force) {
        if (d.docType().equals(INVOICE) && d.status().settledForGood()) {
            // a second invoice for one supply is a legal problem, not a retry: no --force overrides this
            return new Item(d, false, (d.status() == DocumentStatus.PAID ? "paid" : "accepted") + " by the buyer:"
                    + " an e-invoice the buyer accepted or paid is never sent again, not even with --force;"
                    + " correct it with a credit note");
        }
        return switch (d.status()) {
            case FAILED, REJECTED, SENT, RECEIVED, UNCERTAIN -> new Item(d, true, d.status().name().toLowerCase());
            case ACCEPTED -> force ? new Item(d, true, "accepted by the client; resent because of --force")
                    : new Item(d, false, "accepted by the client: not resent without --force");
            case PAID -> new Item(d, false, "paid by the buyer: never sent again");
            // the buyer has it and is dealing with it: a second copy would be a duplicate
            case QUEUED, IN_PROCESS, UNDER_QUERY, COND_ACCEPTED -> force
                    ? new Item(d, true, d.status().name().toLowerCase() + "; resent because of --force")
                    : new Item(d, false, d.status().name().toLowerCase() + " at the buyer: not resent without --force");
            case READY, SENDING -> new Item(d, false, "already waiting for delivery");
            case SUPERSEDED -> new Item(d, false, "superseded by #" + d.supersededBy() + ": resend that one");
        };
    }

    public Outcome execute(List<Item> plan, Mode mode, String reason, String user, boolean force, String selection,
                           long runId, Consumer<String> progress) {
        long resendId = ledger.startResend(user, reason, mode.name(), force, selection);
        int queued = 0;
        int rerendered = 0;
        int refused = 0;
        List<String> problems = new ArrayList<>();
        List<Long> requeue = new ArrayList<>();
        List<Long> resent = new ArrayList<>();
        int done = 0;
        for (Item item : plan) {
            LedgerDocument d = item.doc();
            if (!item.go()) {
                ledger.recordResendRefusal(resendId, d.pk(), "REFUSED: " + item.why());
                refused++;
            } else if (mode == Mode.AS_SENT && d.docType().equals(INVOICE) && d.remoteName() != null
                    && d.status() == DocumentStatus.FAILED) {
                // the AP answers the same key with the same transmission, and that one FAILED for good
                ledger.recordResendRefusal(resendId, d.pk(), "REFUSED: the access point's transmission " + d.remoteName()
                        + " failed for good, and the same Idempotency-Key gets the same transmission back; fix the"
                        + " cause, then resend with --rerender (a new document under a new key)");
                refused++;
            } else if (mode == Mode.AS_SENT) {
                requeue.add(d.pk()); // put back in the queue 1,000 at a time, below
                resent.add(d.pk());
                queued++;
            } else {
                try {
                    LedgerDocument full = ledger.document(d.pk()).orElseThrow();
                    OrderIntake.Rendered r = d.docType().equals(OrderFileReader.DOC_TYPE) ? orders.rerender(full)
                            : d.docType().equals(INVOICE) ? invoices.rerender(full) : projects.rerender(full);
                    resent.add(ledger.rerenderForResend(resendId, d, r.contentHash(), r.documentId(), r.payload(),
                            r.sourceRecord(), runId));
                    rerendered++;
                } catch (IllegalArgumentException e) {
                    ledger.recordResendRefusal(resendId, d.pk(), "NOT_RENDERED: " + e.getMessage());
                    problems.add("#" + d.pk() + " " + d.businessKey() + ": " + e.getMessage());
                    refused++;
                }
            }
            done++;
            if (done % 1000 == 0 || done == plan.size()) {
                if (!requeue.isEmpty()) {
                    ledger.requeueForResend(resendId, requeue);
                    requeue.clear();
                }
                progress.accept(done + " of " + plan.size() + " documents prepared");
            }
        }
        return new Outcome(resendId, queued, rerendered, refused, problems, resent);
    }

}
