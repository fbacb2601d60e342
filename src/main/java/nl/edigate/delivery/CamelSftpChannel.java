package nl.edigate.delivery;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * SFTP through the route {@code deliver-order-response-sftp}: the route holds the endpoint (host key
 * check, key authentication, .part then rename, never overwrite, time-outs) and its one producer keeps
 * one session for the whole batch.
 */
public final class CamelSftpChannel implements Channel {
    public static final String ENDPOINT = "direct:deliver-order-response-sftp";

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
    public String remoteName(String documentId) {
        return "ORDRSP_" + supplierGln + "_" + documentId + ".xml";
    }

    @Override
    public void send(String remoteName, byte[] payload) throws Exception {
        Exchange result = template.send(ENDPOINT, exchange -> {
            exchange.getIn().setBody(payload);
            exchange.getIn().setHeader(Exchange.FILE_NAME, remoteName);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
    }
}
