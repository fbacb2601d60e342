package nl.edigate.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.operators.FilterParser;
import nl.edigate.projects.ProjectIntake;

/** The console's filters, read by the parser the command line uses too. */
final class ConsoleFilters {
    private final GatewayConfig config;

    ConsoleFilters(GatewayConfig config) {
        this.config = config;
    }

    /**
     * The documents page's filter: its form sends every field, an empty one meaning "not filtered"; a
     * parameter the page does not know is an error (never a page that quietly shows everything).
     */
    DocumentFilter filter(ConsoleRequest r) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : r.params().keySet()) {
            if (!FilterParser.FIELDS.contains(k) && !PAGE_PARAMETERS.contains(k)) {
                values.put(k, r.params().get(k)); // refused by the parser, naming it
            } else if (FilterParser.FIELDS.contains(k) && r.p(k) != null) {
                values.put(k, r.p(k));
            }
        }
        return parser().parse(values, List.of());
    }

    /** The documents page's own parameters beside the filters. */
    private static final List<String> PAGE_PARAMETERS = List.of("page");

    /** A resend's selection (the f_ fields of its form): every field must be a filter with a value. */
    DocumentFilter selection(Map<String, String> values) {
        return parser().parse(values, List.of());
    }

    FilterParser parser() {
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        return new FilterParser(clients, List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE, InvoiceIntake.DOC_TYPE),
                config.clock(), field -> field);
    }
}
