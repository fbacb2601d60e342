package nl.edigate.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.FilterParser;
import nl.edigate.text.Printable;
import nl.edigate.text.Times;

@Command(name = "messages", mixinStandardHelpOptions = true,
        description = {"Lists documents from the ledger, newest first, with a count per status at the bottom.",
                "Example: messages --status FAILED --client opdrachtgever --created-from yesterday"})
public final class MessagesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Mixin
    FilterOptions filters;

    @Option(names = "--limit", defaultValue = "50", description = "at most this many rows, 1 to 10000 (default ${DEFAULT-VALUE})")
    String limit;

    @Option(names = "--offset", defaultValue = "0", description = "skip this many rows first (paging)")
    String offset;

    @Option(names = "--json", description = "JSON for scripts instead of a table")
    boolean json;

    @Override
    public Integer call() {
        return Gateway.readingLedger(spec, config, (cfg, ledger, out) -> {
            FilterParser parser = FilterOptions.parser(cfg);
            DocumentFilter f = filters.toFilter(cfg, List.of());
            List<LedgerDocument> docs = ledger.find(f, parser.number("limit", limit, 50, 1, 10_000),
                    parser.number("offset", offset, 0, 0, Integer.MAX_VALUE));
            Map<String, Long> counts = ledger.countByStatus(f);
            long overdue = ledger.countByStatus(f.withOverdueOnly()).values().stream().mapToLong(Long::longValue).sum();
            Instant now = Instant.now();
            if (json) {
                out.println(json(docs, counts, overdue, now));
            } else {
                table(out, docs, counts, overdue, now);
            }
            return Gateway.OK;
        });
    }

    /** The widest a line of the table gets: it fits a terminal of 120 columns. */
    static final int WIDTH = 120;

    /**
     * The documents as a table of at most {@link #WIDTH} columns, a document a row with its note (the
     * client's reasons, the last error, an automatic retry planned, overdue) indented on the line below it;
     * how many of how many are shown, the count per status, and the zone of the times. Every value from
     * outside is shown escaped ({@link Printable}): a line break in an invoice number never makes a row.
     */
    public static void table(PrintWriter out, List<LedgerDocument> docs, Map<String, Long> counts, long overdue, Instant now) {
        String format = "%-6s %-10s %-13s %-15s %-30s %-19s %s";
        out.println(String.format(format, "#", "STATUS", "CLIENT", "TYPE", "BUSINESS KEY", "CREATED", "DELIVERED")
                .stripTrailing());
        for (LedgerDocument d : docs) {
            String line = String.format(format, d.pk(), d.status(), cut(Printable.of(d.clientId()), 13),
                    cut(d.docType(), 15), cut(Printable.of(d.businessKey()), 30), Times.format(d.createdAt()),
                    Times.format(d.sentAt()));
            out.println(cut(line.stripTrailing(), WIDTH));
            String note = note(d, now);
            if (!note.isEmpty()) {
                out.println(cut("       " + note, WIDTH));
            }
        }
        if (docs.isEmpty()) {
            out.println("(no documents match)");
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder sb = new StringBuilder();
        counts.forEach((status, n) -> sb.append(status).append(' ').append(n).append("   "));
        if (overdue > 0) {
            sb.append("OVERDUE ").append(overdue);
        }
        out.println();
        out.println("showing " + docs.size() + " of " + total + (docs.size() < total ? " (--limit, --offset for more)" : "")
                + "; " + Times.zoneNote() + "; `show #` for the whole document");
        out.println("per status: " + (sb.length() == 0 ? "none" : sb.toString().trim()));
    }

    /** What an operator needs to know beside a document's status, on one line, escaped. */
    static String note(LedgerDocument d, Instant now) {
        if (DocumentFilter.isOverdue(d, now)) {
            return "OVERDUE: no acknowledgement by " + Times.format(d.ackDueAt());
        }
        String retry = d.retryAt() == null ? "" : "automatic retry by serve at " + Times.format(d.retryAt()) + "; ";
        if (d.ackReasons() != null) {
            return Printable.of(retry + d.ackReasons());
        }
        return d.lastError() == null ? retry.isEmpty() ? "" : retry.substring(0, retry.length() - 2)
                : Printable.of(retry + d.lastError());
    }

    static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    static String json(List<LedgerDocument> docs, Map<String, Long> counts, long overdue, Instant now) throws Exception {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        ArrayNode list = root.putArray("documents");
        for (LedgerDocument d : docs) {
            ObjectNode o = list.addObject();
            o.put("id", d.pk());
            o.put("status", d.status().name());
            o.put("overdue", DocumentFilter.isOverdue(d, now));
            o.put("client", d.clientId());
            o.put("type", d.docType());
            o.put("businessKey", d.businessKey());
            o.put("documentId", d.documentId());
            o.put("createdAt", d.createdAt().toString());
            o.put("deliveredAt", d.sentAt() == null ? null : d.sentAt().toString());
            o.put("attempts", d.attempts());
            o.put("remoteName", d.remoteName());
            o.put("lastError", d.lastError());
            o.put("automaticRetryAt", d.retryAt() == null ? null : d.retryAt().toString());
            o.put("acknowledgement", d.ackReasons());
            o.put("run", d.runId());
        }
        ObjectNode c = root.putObject("countPerStatus");
        counts.forEach(c::put);
        root.put("overdue", overdue);
        return m.writeValueAsString(root);
    }
}
