package nl.edigate.cli;

import java.io.PrintWriter;
import java.time.Instant;
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

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"One document: where it came from, its business key, the payload, every attempt, the",
                "client's acknowledgement with its reasons, and its resend history."})
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ID", description = "the ledger number (#) or the document id")
    String id;

    @Override
    public Integer call() {
        return Gateway.withLedger(spec, config, (cfg, ledger, out) -> {
            LedgerDocument d = ledger.findByIdOrDocumentId(id)
                    .orElseThrow(() -> new ConfigException("no document #" + id + " or with document id " + id));
            print(out, ledger, d);
            return Gateway.OK;
        });
    }

    public static void print(PrintWriter out, Ledger ledger, LedgerDocument d) {
        Instant now = Instant.now();
        boolean invoice = d.docType().equals(InvoiceIntake.DOC_TYPE);
        String overdue = d.status() == DocumentStatus.QUEUED ? "not SENT over Peppol by " : "no acknowledgement by ";
        out.println("document #" + d.pk() + "  " + d.docType() + "  " + d.status()
                + (DocumentFilter.isOverdue(d, now) ? "  OVERDUE (" + overdue + d.ackDueAt() + ")" : ""));
        out.println("  document id     " + d.documentId());
        out.println("  business key    " + d.businessKey());
        out.println("  client          " + d.clientId());
        out.println("  source          " + d.sourceFile() + ", line " + d.sourceLine() + " (run " + d.runId() + ")");
        out.println("  created         " + d.createdAt());
        if (invoice) {
            out.println("  transmission    " + (d.remoteName() == null ? "- (the access point has not taken it)"
                    : d.remoteName() + " at the access point"));
            out.println("  sent (AS4)      " + (d.sentAt() == null ? "-" : d.sentAt()));
        } else {
            out.println("  delivered       " + (d.sentAt() == null ? "-" : d.sentAt() + " as " + d.remoteName()));
        }
        out.println("  attempts        " + d.attempts());
        if (d.lastError() != null) {
            out.println("  last error      " + d.lastError());
        }
        if (d.supersededBy() != null) {
            out.println("  superseded by   #" + d.supersededBy());
        }
        out.println();
        out.println("attempts:");
        for (Attempt a : ledger.attempts(d.pk())) {
            out.println("  " + a.attemptNo() + ". " + a.startedAt() + "  " + a.channel() + "  " + a.outcome()
                    + (a.error() == null ? "" : "  " + a.error()));
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
            out.println("  " + a.receivedAt() + "  " + a.responseCode() + "  " + a.fileName()
                    + (a.reasons() == null ? "" : "  reasons: " + a.reasons())
                    + (a.keptAt() == null ? "" : "  kept at " + a.keptAt()));
        }
        out.println();
        out.println("resend history:");
        var history = ledger.resendHistory(d.pk());
        if (history.isEmpty()) {
            out.println("  none");
        }
        for (Ledger.ResendEntry r : history) {
            out.println("  " + r.at() + "  by " + r.osUser() + "  " + r.mode() + (r.forced() ? " (forced)" : "")
                    + "  #" + r.documentPk() + (r.newDocumentPk() == null ? "" : " -> #" + r.newDocumentPk())
                    + "  " + r.outcome() + "  reason: " + r.reason());
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
