package nl.edigate.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.operators.FilterParser;
import nl.edigate.projects.ProjectIntake;

/** The filters `messages` and `resend` share, read by the one {@link FilterParser} the console uses too. */
public final class FilterOptions {
    @Option(names = "--status", split = ",", description = "one or more of READY, SENDING, SENT, FAILED, UNCERTAIN,"
            + " RECEIVED, ACCEPTED, REJECTED, SUPERSEDED; for e-invoices also QUEUED, IN_PROCESS, UNDER_QUERY,"
            + " COND_ACCEPTED, PAID")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--client", description = "client id, as in its profile")
    String client;

    @Option(names = "--type", description = "ORDER_RESPONSE, PROGRESS_REPORT or INVOICE")
    String type;

    @Option(names = "--key", description = "business key or a part of it: an order or invoice number, e.g. PO-88001 or F-2026-001234")
    String key;

    @Option(names = "--created-from", description = "created at or after: 2026-11-25, 2026-11-25T10:00, today or yesterday")
    String createdFrom;

    @Option(names = "--created-to", description = "created before (same forms)")
    String createdTo;

    @Option(names = "--delivered-from", description = "delivered at or after (same forms)")
    String deliveredFrom;

    @Option(names = "--delivered-to", description = "delivered before (same forms)")
    String deliveredTo;

    @Option(names = "--run", description = "the run that created the documents")
    String run;

    @Option(names = "--overdue", description = "only documents whose acknowledgement is overdue (as the client's profile says: acks.overdue-after)")
    boolean overdue;

    boolean isEmpty() {
        return values().isEmpty();
    }

    /** The options as the parser's fields; absent ones left out. */
    Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        if (!statuses.isEmpty()) {
            v.put("status", String.join(",", statuses));
        }
        put(v, "client", client);
        put(v, "type", type);
        put(v, "key", key);
        put(v, "createdFrom", createdFrom);
        put(v, "createdTo", createdTo);
        put(v, "deliveredFrom", deliveredFrom);
        put(v, "deliveredTo", deliveredTo);
        put(v, "run", run);
        if (overdue) {
            v.put("overdue", "on");
        }
        return v;
    }

    private static void put(Map<String, String> v, String field, String value) {
        if (value != null) {
            v.put(field, value);
        }
    }

    static FilterParser parser(GatewayConfig config) {
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        return new FilterParser(clients, DOC_TYPES, config.clock(), FilterParser::option);
    }

    static final List<String> DOC_TYPES = List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE, InvoiceIntake.DOC_TYPE);

    DocumentFilter toFilter(GatewayConfig config, List<Long> ids) {
        return parser(config).parse(values(), ids);
    }

    /** Words for a record of what was selected. */
    String describe(List<Long> ids) {
        List<String> parts = new ArrayList<>();
        if (!ids.isEmpty()) {
            parts.add("ids " + ids);
        }
        values().forEach((k, v) -> parts.add(FilterParser.option(k).substring(2).replace('-', ' ') + " " + v));
        return String.join(", ", parts);
    }
}
