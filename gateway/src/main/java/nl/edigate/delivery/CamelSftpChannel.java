package nl.edigate.delivery;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import nl.edigate.ledger.LedgerDocument;

/**
 * SFTP through the route {@code deliver-order-response-sftp}: the route holds the endpoint (host key
 * check, key authentication, .part then rename, never overwrite, time-outs) and its one producer keeps
 * one session for the whole batch.
 */
public final class CamelSftpChannel implements Channel {
    public static final String ENDPOINT = "direct:deliver-order-response-sftp";
    private static final String ROUTE_ID = "deliver-order-response-sftp";

    private final ProducerTemplate template;
    private final String supplierGln;

    public CamelSftpChannel(ProducerTemplate template, String supplierGln) {
        this.template = template;
        this.supplierGln = supplierGln;
    }

    @Override
    public String name() {
        return "SFTP";
    }

    @Override
    public String remoteName(LedgerDocument document) {
        return "ORDRSP_" + supplierGln + "_" + document.documentId() + ".xml";
    }

    @Override
    public Receipt send(LedgerDocument document) throws Exception {
        String remoteName = remoteName(document);
        Exchange result = template.send(ENDPOINT, exchange -> {
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
            routes.stopRoute(ROUTE_ID);
            routes.startRoute(ROUTE_ID);
        } catch (Exception e) {
            throw new IllegalStateException("cannot close the SFTP session: " + e.getMessage(), e);
        }
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.classify(error);
    }
}
