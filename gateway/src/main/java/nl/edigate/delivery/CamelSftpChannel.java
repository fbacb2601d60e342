package nl.edigate.delivery;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import nl.edigate.ledger.LedgerDocument;
import nl.edigate.config.ClientProfile;
import nl.edigate.ledger.Ledger;
import nl.edigate.orders.InterchangeFormat;
import nl.edigate.orders.OrderResponseFormat;

/**
 * SFTP through one of the client's routes {@code deliver-sftp-<client>}, {@code deliver-sftp-<client>.2}, ...
 * (the template {@code sftp-delivery}), one a lane: the route holds the endpoint (host key check, key
 * authentication, .part then rename, never overwrite, time-outs) and its one producer keeps one session
 * for the whole batch. The session is one of the client's permits, which its acknowledgement collection
 * shares, so that together they never open more sessions than the client's server allows.
 */
public final class CamelSftpChannel implements Channel {
    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private final ProducerTemplate template;
    private final String routeId;
    private final String endpoint;
    private final String clientId;
    private final String supplierGln;
    private final OrderResponseFormat format;
    private final Ledger ledger;
    /** The client's server, to name the host keys when one is refused. */
    private final ClientProfile.SftpSettings sftp;
    private final Semaphore sessions;
    private boolean holdsSession;

    /**
     * @param ledger gives the interchange references of a format whose documents travel several to a file
     * @param lane which of the client's delivery routes, from 1
     * @param sessions the client's permits to open a session
     */
    public CamelSftpChannel(ProducerTemplate template, String clientId, String supplierGln, OrderResponseFormat format,
                            Ledger ledger, ClientProfile.SftpSettings sftp, int lane, Semaphore sessions) {
        this.sftp = sftp;
        this.sessions = sessions;
        this.template = template;
        this.clientId = clientId;
        this.routeId = routeId(clientId, lane);
        this.endpoint = "direct:" + routeId;
        this.supplierGln = supplierGln;
        this.format = format;
        this.ledger = ledger;
    }

    /** The client's SFTP delivery route, which is also the name of its direct endpoint. */
    public static String routeId(String clientId) {
        return "deliver-sftp-" + clientId;
    }

    /** The route of one lane: the first is {@link #routeId(String)}, then {@code .2}, ... (a client id has no dot). */
    public static String routeId(String clientId, int lane) {
        return lane == 1 ? routeId(clientId) : routeId(clientId) + "." + lane;
    }

    @Override
    public String name() {
        return "SFTP";
    }

    @Override
    public String remoteName(LedgerDocument document) {
        return format instanceof InterchangeFormat ? null : format.fileName(supplierGln, document.documentId());
    }

    @Override
    public int documentsPerFile() {
        return format instanceof InterchangeFormat f ? f.documentsPerFile() : 1;
    }

    @Override
    public Receipt send(LedgerDocument document) throws Exception {
        if (format instanceof InterchangeFormat) {
            // a document of an interchange format always travels in an interchange, even alone
            return send(parcel(List.of(document)));
        }
        return upload(remoteName(document), document.payload().getBytes(format.charset()));
    }

    /**
     * The interchange for these documents: its control reference taken from the ledger (committed before
     * anything is uploaded, so never used twice), the stored messages in the envelope, checked again.
     */
    @Override
    public Parcel parcel(List<LedgerDocument> documents) {
        InterchangeFormat f = (InterchangeFormat) format;
        List<Long> pks = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        documents.forEach(d -> {
            pks.add(d.pk());
            messages.add(d.payload());
        });
        long reference = ledger.newInterchange(clientId, pks);
        String interchange = f.interchange(messages, reference, ZonedDateTime.now(AMSTERDAM));
        return new Parcel(f.interchangeFileName(supplierGln, reference), interchange.getBytes(format.charset()));
    }

    @Override
    public Receipt send(Parcel parcel) throws Exception {
        return upload(parcel.remoteName(), parcel.content());
    }

    private Receipt upload(String remoteName, byte[] content) throws Exception {
        Exchange result = template.send(endpoint, exchange -> {
            exchange.getIn().setBody(content);
            exchange.getIn().setHeader(Exchange.FILE_NAME, remoteName);
        });
        if (result.getException() != null) {
            throw result.getException();
        }
        return new Receipt(remoteName, null);
    }

    @Override
    public boolean openSession(boolean wait) {
        if (wait) {
            try {
                sessions.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } else if (!sessions.tryAcquire()) {
            return false;
        }
        holdsSession = true;
        return true;
    }

    /** Restarting the route stops its producer, which closes the SSH session. */
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
    public void releaseSession() {
        if (holdsSession) {
            holdsSession = false;
            sessions.release();
        }
    }

    @Override
    public Failure classify(Exception error) {
        Failure f = Failure.classify(error);
        if (f.kind() == Failure.Kind.HOST_KEY && sftp != null) {
            return new Failure(f.kind(), f.message() + " " + HostKeys.compare(sftp), f.retryAfter(), f.response());
        }
        return f;
    }
}
