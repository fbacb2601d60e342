package nl.edigate.delivery;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import nl.edigate.ledger.LedgerDocument;
import nl.edigate.orders.OrderResponseFormat;

/**
 * SFTP through the client's route {@code deliver-sftp-<client>} (the template {@code sftp-delivery}): the
 * route holds the endpoint (host key check, key authentication, .part then rename, never overwrite,
 * time-outs) and its one producer keeps one session for the whole batch.
 */
public final class CamelSftpChannel implements Channel {
    private final ProducerTemplate template;
    private final String routeId;
    private final String endpoint;
    private final String supplierGln;
    private final OrderResponseFormat format;

    public CamelSftpChannel(ProducerTemplate template, String clientId, String supplierGln, OrderResponseFormat format) {
        this.template = template;
        this.routeId = routeId(clientId);
        this.endpoint = "direct:" + routeId;
        this.supplierGln = supplierGln;
        this.format = format;
    }

    /** The client's SFTP delivery route, which is also the name of its direct endpoint. */
    public static String routeId(String clientId) {
        return "deliver-sftp-" + clientId;
    }

    @Override
    public String name() {
        return "SFTP";
    }

    @Override
    public String remoteName(LedgerDocument document) {
        return format.fileName(supplierGln, document.documentId());
    }

    @Override
    public Receipt send(LedgerDocument document) throws Exception {
        String remoteName = remoteName(document);
        Exchange result = template.send(endpoint, exchange -> {
            exchange.getIn().setBody(document.payload().getBytes(StandardCharsets.UTF_8));
            exchange.getIn().setHeader(Exchange.FILE_NAME, remoteName);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        return new Receipt(remoteName, null);
    }

    /**
     * Restarting the route stops its producer, which closes the SSH session: the next batch (or the
     * acknowledgement collection) opens its own, and the client's limit of 2 sessions is never near.
     */
    @Override
    public void endBatch() {
        try {
            var routes = template.getCamelContext().getRouteController();
            routes.stopRoute(routeId);
            routes.startRoute(routeId);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the SFTP session: " + e.getMessage(), e);
        }
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.classify(error);
    }
}
