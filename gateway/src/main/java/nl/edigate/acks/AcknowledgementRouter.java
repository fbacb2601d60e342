package nl.edigate.acks;

import java.io.IOException;
import java.util.Map;

import org.apache.camel.Exchange;

/**
 * The bean the acknowledgement routes and their error handling call ({@code acknowledgements}): hands
 * each file, and each failure, to the reader of the client whose route the exchange came from
 * ({@code collect-acknowledgements-<client>}), so that one route template and one error handler serve
 * every client.
 */
public final class AcknowledgementRouter {
    public static final String ROUTE_PREFIX = "collect-acknowledgements-";

    private final Map<String, AcknowledgementReader> byClient;

    public AcknowledgementRouter(Map<String, AcknowledgementReader> byClient) {
        this.byClient = Map.copyOf(byClient);
    }

    public void receive(Exchange exchange) throws IOException {
        of(exchange).receive(exchange);
    }

    public void failed(Exchange exchange) {
        of(exchange).failed(exchange);
    }

    private AcknowledgementReader of(Exchange exchange) {
        String route = exchange.getFromRouteId();
        AcknowledgementReader acks = route != null && route.startsWith(ROUTE_PREFIX)
                ? byClient.get(route.substring(ROUTE_PREFIX.length())) : null;
        if (acks == null) {
            throw new IllegalStateException("no acknowledgement reader for route " + route);
        }
        return acks;
    }
}
