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

    DocumentFilter filter(ConsoleRequest r) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String k : FilterParser.FIELDS) {
            if (r.p(k) != null) {
                values.put(k, r.p(k));
            }
        }
        return parser().parse(values, List.of());
    }

    FilterParser parser() {
        List<String> clients = new ArrayList<>();
        config.clients().forEach(c -> clients.add(c.id()));
        return new FilterParser(clients, List.of(OrderFileReader.DOC_TYPE, ProjectIntake.DOC_TYPE, InvoiceIntake.DOC_TYPE),
                config.clock(), field -> field);
    }
}
