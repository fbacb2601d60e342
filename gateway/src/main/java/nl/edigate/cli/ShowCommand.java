package nl.edigate.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import nl.edigate.config.ConfigException;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Display;
import nl.edigate.text.Printable;
import nl.edigate.text.Times;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Shows one document: its source, business key, payload, attempts, acknowledgements, resends.",
                "ID: a ledger number (#), a document id, or an order or invoice number (or another part of the",
                "business key) that names one document."})
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", description = "the ledger number (#), the document id, or an order or invoice number")
    String id;

    @Override
    public Integer call() {
        return Gateway.readingLedger(spec, config, (cfg, ledger, out) -> {
            print(out, ledger, find(ledger, id));
            return Gateway.OK;
        });
    }

    /**
     * The document a reference names: a ledger number, a document id, or a part of a business key (an
     * order or invoice number) that only one current document has; several: a one-line error naming them.
     */
    static LedgerDocument find(Ledger ledger, String ref) {
        Optional<LedgerDocument> exact = ledger.findByIdOrDocumentId(ref);
        if (exact.isPresent()) {
            return exact.get();
        }
        // an order or invoice number starts the business key (found by its index); any other part of it
        // is looked for in every key
        List<LedgerDocument> all = ledger.findByKeyStart(ref, 11);
        if (all.isEmpty()) {
            all = ledger.find(DocumentFilter.all().withBusinessKey(ref), 11, 0);
        }
        List<LedgerDocument> current = all.stream().filter(d -> d.status() != DocumentStatus.SUPERSEDED).toList();
        if (all.size() == 1) {
            return all.get(0);
        }
        if (current.size() == 1) {
            return current.get(0);
        }
        if (all.isEmpty()) {
            throw new ConfigException("no document #" + ref + ", with document id " + ref + " or with " + ref
                    + " in its business key");
        }
        StringBuilder sb = new StringBuilder();
        all.stream().limit(10).forEach(d -> sb.append(" #").append(d.pk()).append(' ').append(d.businessKey())
                .append(" (").append(d.status()).append(')'));
        throw new ConfigException((all.size() > 10 ? "more than 10" : all.size()) + " documents have " + ref
                + " in their business key:" + sb + "; name one by its number");
    }

    /** A value from outside (the ERP, a client, a server) on one line: control characters escaped. */
    private static String p(String value) {
        return value == null ? "-" : Printable.of(value, 4000);
    }

    public static void print(PrintWriter out, Ledger ledger, LedgerDocument d) {
        Instant now = Instant.now();
        boolean invoice = d.docType().equals(InvoiceIntake.DOC_TYPE);
        String overdue = d.status() == DocumentStatus.QUEUED ? "not SENT over Peppol by " : "no acknowledgement by ";
        out.println("document #" + d.pk() + "  " + d.docType() + "  " + d.status()
                + (DocumentFilter.isOverdue(d, now) ? "  OVERDUE (" + overdue + Times.format(d.ackDueAt()) + ")" : "")
                + "  (" + Times.zoneNote() + ")");
        out.println("  document id     " + p(d.documentId()));
        out.println("  business key    " + p(d.businessKey()));
        out.println("  client          " + d.clientId());
        out.println("  source          " + p(d.sourceFile()) + ", line " + d.sourceLine() + " (run " + d.runId() + ")");
        out.println("  created         " + Times.format(d.createdAt()));
        if (invoice) {
            out.println("  transmission    " + (d.remoteName() == null ? "- (the access point has not taken it)"
                    : p(d.remoteName()) + " at the access point"));
            out.println("  sent (AS4)      " + Times.format(d.sentAt()));
        } else {
            out.println("  delivered       " + (d.sentAt() == null ? "-" : Times.format(d.sentAt()) + " as " + p(d.remoteName())));
        }
        out.println("  attempts        " + d.attempts());
        if (d.lastError() != null) {
            out.println("  last error      " + p(d.lastError()));
        }
        if (d.retryAt() != null) {
            out.println("  next            automatic retry by serve at " + Times.format(d.retryAt())
                    + (d.retryAt().isBefore(now.minusSeconds(120)) ? " (past: is serve running?)" : ""));
        }
        if (d.supersededBy() != null) {
            out.println("  superseded by   #" + d.supersededBy());
        }
        out.println();
        out.println("attempts:");
        for (Attempt a : ledger.attempts(d.pk())) {
            out.println("  " + a.attemptNo() + ". " + Times.format(a.startedAt()) + "  " + a.channel() + "  " + a.outcome()
                    + (a.error() == null ? "" : "  " + p(a.error())));
        }
        var interchanges = ledger.interchangesOf(d.pk());
        if (!interchanges.isEmpty()) {
            out.println();
            out.println("interchanges (EDIFACT control reference, message):");
            interchanges.forEach(i -> out.println("  " + i.reference() + "  message " + i.messageRef()));
        }
        out.println();
        out.println(invoice ? "lifecycle (the access point's status, the buyer's Invoice Responses):" : "acknowledgements:");
        var acks = ledger.acks(d.pk());
        if (acks.isEmpty()) {
            out.println("  none" + (d.sentAt() != null && d.ackDueAt() == null
                    ? " (none expected: the channel answers at once)" : ""));
        }
        for (Ledger.Ack a : acks) {
            out.println("  " + Times.format(a.receivedAt()) + "  " + p(a.responseCode()) + "  " + p(a.fileName())
                    + (a.reasons() == null ? "" : "  reasons: " + p(a.reasons()))
                    + (a.keptAt() == null ? "" : "  kept at " + a.keptAt()));
        }
        out.println();
        out.println("resend history:");
        var history = ledger.resendHistory(d.pk());
        if (history.isEmpty()) {
            out.println("  none");
        }
        for (Ledger.ResendEntry r : history) {
            out.println("  " + Times.format(r.at()) + "  by " + r.osUser() + "  " + r.mode() + (r.forced() ? " (forced)" : "")
                    + "  #" + r.documentPk() + (r.newDocumentPk() == null ? "" : " -> #" + r.newDocumentPk())
                    + "  " + p(r.outcome()) + "  reason: " + p(r.reason()));
        }
        out.println();
        out.println("payload:");
        out.println(Display.pretty(d.payload()));
        if (d.sourceRecord() != null) {
            out.println();
            out.println("source record:");
            out.println(Display.pretty(d.sourceRecord()));
        }
    }
}
