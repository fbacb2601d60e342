package nl.edigate.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import org.w3c.dom.Document;

import nl.edigate.validation.SafeXml;
import nl.edigate.validation.SiUblValidator;

/**
 * The access point provider as client-gemeente-interface.md (sections 3 and 4) describes it, over HTTPS
 * on loopback with mutual TLS: only client certificates its own CA issued, valid now, get a connection.
 * It validates what it receives with the same rules as the AP (UBL 2.1 XSD and the SI-UBL 2.0 Schematron),
 * keeps Idempotency-Key semantics, allows 5 requests a second, moves a transmission from QUEUED to SENT
 * after it was asked for its status n times (FAILED for a receiver not in its Peppol directory), and then
 * produces the buyer's Invoice Responses (T111) as a test scripts them, to be paged, fetched and deleted.
 * <p>Over 300 lines: the AP's whole contract (outbound, status, inbound, the answers a test scripts) in one
 * place to compare with the contract; not production code.
 */
public final class AccessPointSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 10 * 1024 * 1024;
    private static final String PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    private static final String CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0";

    /** One buyer's answer to an invoice: UNCL 4343 code, and a reason code and text when it has one. */
    public record Response(String code, String reasonCode, String reason) {
        public static Response of(String code) {
            return new Response(code, null, null);
        }
    }

    /** One document the AP took. */
    public record Transmission(String id, String key, String sender, String receiver, String invoiceNumber,
                               String typeCode, String body, Instant at) {
    }

    /** One request as the AP saw it: method, path, the answer's status (0: dropped). */
    public record Request(String method, String path, String key, int status) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String allowedSender;
    private final Set<String> directory = ConcurrentHashMap.newKeySet();
    private final Map<String, Transmission> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> hashByKey = new ConcurrentHashMap<>();
    private final Map<String, Transmission> byId = new ConcurrentHashMap<>();
    private final Map<String, Integer> polls = new ConcurrentHashMap<>();
    private final Map<String, String> finalStatus = new ConcurrentHashMap<>();
    private final List<Transmission> accepted = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<int[]> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, List<Response>> script = new ConcurrentHashMap<>();
    private final List<Consumer<Transmission>> acceptedListeners = new CopyOnWriteArrayList<>();
    /** The inbound documents not yet deleted, by cursor order. */
    private final Map<String, String[]> inbound = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicLong cursor = new AtomicLong();
    private final List<Long> recent = new ArrayList<>();
    private volatile int queuedPolls = 1;
    private volatile int pageSize = 100;
    private volatile int maxPerSecond = 5;

    /**
     * @param tls           a context that requires client certificates ({@link CertificateAuthority#mutualServerContext})
     * @param allowedSender the Peppol sender id the client certificate may send for, {@code 0106:<KvK>}
     * @param directory     the participants the Peppol directory knows (the others' transmissions FAIL)
     */
    public AccessPointSimulator(SSLContext tls, String allowedSender, Set<String> directory) throws IOException {
        this.allowedSender = allowedSender;
        this.directory.addAll(directory);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/api/v2/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    // ---- what a test can change or read

    /** How many status requests answer QUEUED before the transmission is SENT (or FAILED). */
    public void setQueuedPolls(int n) {
        queuedPolls = n;
    }

    /** The Peppol directory forgets a participant: its transmissions FAIL from now on. */
    public void removeFromDirectory(String participant) {
        directory.remove(participant);
    }

    /** The Peppol directory learns a participant. */
    public void addToDirectory(String participant) {
        directory.add(participant);
    }

    public void setPageSize(int n) {
        pageSize = n;
    }

    public void setMaxPerSecond(int n) {
        maxPerSecond = n;
    }

    /** The buyer answers this invoice number with these responses, in order, once it is SENT. */
    public void respond(String invoiceNumber, Response... responses) {
        script.put(invoiceNumber, List.of(responses));
    }

    /**
     * The next outbound requests meet these answers, one each, in order: a status (with Retry-After), 0 for
     * a reset, or {@link #ACCEPT_THEN_DROP}: the document is taken, and the connection dropped before the 202.
     */
    public void enqueue(int status, int retryAfterSeconds) {
        faults.add(new int[] {status, retryAfterSeconds});
    }

    /** The buyer answers a transmission now, whatever its status (a late or repeated answer). */
    public void respondNow(Transmission t, Response r) {
        addInbound(invoiceResponse(t, r));
    }

    /** Called once a document is accepted, before the 202 goes out (the test's hook for crashes). */
    public void onAccepted(Consumer<Transmission> listener) {
        acceptedListeners.add(listener);
    }

    /** An inbound document as the AP would hold it (a test's invalid or unexpected one). */
    public void addInbound(String xml) {
        addInbound("in-" + UUID.randomUUID(), xml);
    }

    /** An inbound document under an id of the test's (a hostile AP's: too long, odd characters). */
    public void addInbound(String id, String xml) {
        long c = cursor.incrementAndGet();
        inbound.put(String.format("c%010d", c), new String[] {id, xml, Instant.now().toString()});
    }

    /** What a hostile or broken access point does, as a test scripts it (issue 29). */
    public enum Hostile {
        /** an inbound document's body never ends (chunked, 64 KiB a chunk, as fast as it goes) */
        ENDLESS_BODY,
        /** an inbound document's body is announced as 1,000,000 bytes and sent one byte every {@link #slowEvery} */
        SLOW_BODY,
        /** the inbound list answers its first entry with the same cursor for ever; DELETE answers 204, keeps it */
        STUCK_CURSOR,
        /** a 202 names a transmission id of 300 characters */
        LONG_TRANSMISSION_ID
    }

    private final Set<Hostile> hostile = EnumSet.noneOf(Hostile.class);
    private volatile Duration slowEvery = Duration.ofSeconds(20);

    /** From now on the AP behaves so; {@code every} is the pace of {@link Hostile#SLOW_BODY}. */
    public synchronized void hostile(Hostile h, Duration every) {
        hostile.add(h);
        slowEvery = every;
    }

    private synchronized boolean is(Hostile h) {
        return hostile.contains(h);
    }

    public List<Transmission> accepted() {
        return List.copyOf(accepted);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The inbound documents not deleted yet. */
    public int inboundLeft() {
        return inbound.size();
    }

    // ---- the API

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        int status = 0;
        try {
            if (!countRequest()) {
                status = problem(ex, 429, "Too Many Requests", "more than " + maxPerSecond + " requests a second", null, "1");
            } else if (path.equals("/api/v2/outbound") && ex.getRequestMethod().equals("POST")) {
                status = outbound(ex, key);
            } else if (path.startsWith("/api/v2/outbound/") && ex.getRequestMethod().equals("GET")) {
                status = transmissionStatus(ex, path.substring("/api/v2/outbound/".length()));
            } else if (path.equals("/api/v2/inbound") && ex.getRequestMethod().equals("GET")) {
                status = inboundPage(ex);
            } else if (path.startsWith("/api/v2/inbound/")) {
                status = inboundDocument(ex, path.substring("/api/v2/inbound/".length()));
            } else {
                status = problem(ex, 404, "Not Found", "no such resource", null, null);
            }
        } finally {
            requests.add(new Request(ex.getRequestMethod(), path, key, status));
            ex.close();
        }
    }

    /** A scripted answer: take the document, then drop the connection before the 202 (a lost answer). */
    public static final int ACCEPT_THEN_DROP = -1;

    private int outbound(HttpExchange ex, String key) throws IOException {
        int[] fault = faults.poll();
        boolean drop = fault != null && fault[0] == ACCEPT_THEN_DROP;
        if (fault != null && !drop) {
            return fault[0] == 0 ? 0 : problem(ex, fault[0], "Scripted", "a scripted answer", null,
                    fault[1] > 0 ? Integer.toString(fault[1]) : null);
        }
        byte[] raw = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            return problem(ex, 413, "Payload Too Large", "at most 10 MiB", null, null);
        }
        String sender = ex.getRequestHeaders().getFirst("Peppol-Sender");
        String receiver = ex.getRequestHeaders().getFirst("Peppol-Receiver");
        String docType = ex.getRequestHeaders().getFirst("Peppol-Document-Type");
        String process = ex.getRequestHeaders().getFirst("Peppol-Process");
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (key == null || !key.matches("[A-Za-z0-9._:-]{1,64}") || sender == null || receiver == null
                || docType == null || !PROCESS.equals(process) || type == null || !type.startsWith("application/xml")) {
            return problem(ex, 400, "Bad Request", "Idempotency-Key, Peppol-Sender, -Receiver, -Document-Type,"
                    + " -Process and Content-Type: application/xml are required", null, null);
        }
        if (!allowedSender.equals(sender)) {
            return problem(ex, 403, "Forbidden", "this certificate may not send for " + sender, null, null);
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String hash = sha256(sender + "\n" + receiver + "\n" + body);
        String earlier = hashByKey.putIfAbsent(key, hash);
        if (earlier != null) {
            if (!earlier.equals(hash)) {
                return problem(ex, 409, "Conflict", "this Idempotency-Key was used with another document", null, null);
            }
            Transmission t = byKey.get(key);
            return t == null ? problem(ex, 409, "Conflict", "this Idempotency-Key is being processed", null, null)
                    : json(ex, 200, queuedBody(t));
        }
        List<String> errors = validate(body, docType);
        if (!errors.isEmpty()) {
            hashByKey.remove(key);
            return problem(ex, 422, "Unprocessable Entity", "the document fails the SI-UBL 2.0 validation", errors, null);
        }
        Document dom = parse(body);
        Transmission t = new Transmission(is(Hostile.LONG_TRANSMISSION_ID) ? "tx-" + "x".repeat(297)
                : "tx-" + UUID.randomUUID(), key, sender, receiver,
                text(dom, "ID"), dom.getDocumentElement().getLocalName().equals("CreditNote") ? "381" : "380", body,
                Instant.now());
        byKey.put(key, t);
        byId.put(t.id(), t);
        accepted.add(t);
        acceptedListeners.forEach(l -> l.accept(t));
        return drop ? 0 : json(ex, 202, queuedBody(t));
    }

    private static ObjectNode queuedBody(Transmission t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("transmissionId", t.id());
        n.put("status", "QUEUED");
        return n;
    }

    private List<String> validate(String body, String docType) {
        Document dom = parse(body);
        if (dom == null) {
            return List.of("XML: not well-formed, or it declares a DOCTYPE");
        }
        String root = dom.getDocumentElement().getLocalName();
        String expected = "busdox-docid-qns::urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2::" + root + "##"
                + CUSTOMIZATION + "::2.1";
        if (!expected.equals(docType)) {
            return List.of("Peppol-Document-Type: does not match the document (" + root + ")");
        }
        List<String> errors = new ArrayList<>();
        SiUblValidator.get().validate(root.equals("CreditNote") ? SiUblValidator.CREDIT_NOTE : SiUblValidator.INVOICE, body)
                .forEach(f -> errors.add(f.ruleId() + ": " + f.text()));
        return errors;
    }

    /** When the buyer's access point confirmed receipt of a transmission, as the status answer says. */
    public Instant sentAt(String transmissionId) {
        return byId.get(transmissionId).at();
    }

    private int transmissionStatus(HttpExchange ex, String id) throws IOException {
        Transmission t = byId.get(id);
        if (t == null) {
            return problem(ex, 404, "Not Found", "no such transmission", null, null);
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("transmissionId", id);
        String done = finalStatus.get(id);
        if (done == null && polls.merge(id, 1, Integer::sum) > queuedPolls) {
            done = directory.contains(t.receiver()) ? "SENT" : "FAILED";
            finalStatus.put(id, done);
            if (done.equals("SENT")) {
                for (Response r : script.getOrDefault(t.invoiceNumber(), List.of())) {
                    addInbound(invoiceResponse(t, r));
                }
            }
        }
        n.put("status", done == null ? "QUEUED" : done);
        if ("SENT".equals(done)) {
            n.put("as4ReceiptId", "as4-" + id.substring(3));
            // when the buyer's access point confirmed receipt (the contract's sentAt): here, when it was taken
            n.put("sentAt", sentAt(id).toString());
        } else if ("FAILED".equals(done)) {
            n.put("reason", "the receiver " + t.receiver() + " is not in the Peppol directory");
        }
        return json(ex, 200, n);
    }

    private int inboundPage(HttpExchange ex) throws IOException {
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        if (!"invoice-response".equals(query.get("documentType"))) {
            return problem(ex, 400, "Bad Request", "documentType=invoice-response is required", null, null);
        }
        String after = is(Hostile.STUCK_CURSOR) ? "" : query.getOrDefault("after", "");
        ArrayNode page = JSON.createArrayNode();
        synchronized (inbound) {
            for (Map.Entry<String, String[]> e : inbound.entrySet()) {
                if (e.getKey().compareTo(after) > 0 && page.size() < pageSize) {
                    ObjectNode item = page.addObject();
                    item.put("id", e.getValue()[0]);
                    item.put("receivedAt", e.getValue()[2]);
                    item.put("cursor", e.getKey());
                }
            }
        }
        return json(ex, 200, page);
    }

    private int inboundDocument(HttpExchange ex, String id) throws IOException {
        Map.Entry<String, String[]> found = null;
        synchronized (inbound) {
            for (Map.Entry<String, String[]> e : inbound.entrySet()) {
                if (e.getValue()[0].equals(id)) {
                    found = e;
                }
            }
            if (found != null && ex.getRequestMethod().equals("DELETE")) {
                if (!is(Hostile.STUCK_CURSOR)) {
                    inbound.remove(found.getKey());
                }
                ex.sendResponseHeaders(204, -1);
                return 204;
            }
        }
        if (found == null) {
            return problem(ex, 404, "Not Found", "no such inbound document", null, null);
        }
        if (!ex.getRequestMethod().equals("GET")) {
            return problem(ex, 405, "Method Not Allowed", "GET or DELETE", null, null);
        }
        if (is(Hostile.ENDLESS_BODY) || is(Hostile.SLOW_BODY)) {
            return hostileBody(ex);
        }
        byte[] bytes = found.getValue()[1].getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return 200;
    }

    /** An answer that never ends, or ends too slowly: written until the client goes away. */
    private int hostileBody(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        boolean endless = is(Hostile.ENDLESS_BODY);
        ex.sendResponseHeaders(200, endless ? 0 : 1_000_000);
        byte[] chunk = new byte[endless ? 64 * 1024 : 1];
        Arrays.fill(chunk, (byte) '<');
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < (endless ? Integer.MAX_VALUE : 1_000_000); i++) {
                out.write(chunk);
                out.flush();
                if (!endless) {
                    Thread.sleep(slowEvery.toMillis()); // the hostile AP's pace, not a test's wait
                }
            }
        } catch (IOException gone) {
            // the client gave up on the answer: what a hostile AP's victim must do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 200;
    }

    /** The buyer's Invoice Response (Peppol BIS T111) to a transmitted invoice. */
    public static String invoiceResponse(Transmission t, Response r) {
        String[] buyer = t.receiver().split(":", 2);
        String[] supplier = t.sender().split(":", 2);
        Document invoice = parse(t.body());
        String buyerName = invoice == null ? "Buyer" : text(invoice, "RegistrationName", 1);
        String supplierName = invoice == null ? "Supplier" : text(invoice, "RegistrationName", 0);
        StringBuilder status = new StringBuilder();
        if (r.reasonCode() != null || r.reason() != null) {
            status.append("<cac:Status>");
            if (r.reasonCode() != null) {
                status.append("<cbc:StatusReasonCode listID=\"OPStatusReason\">").append(r.reasonCode())
                        .append("</cbc:StatusReasonCode>");
            }
            if (r.reason() != null) {
                status.append("<cbc:StatusReason>").append(escape(r.reason())).append("</cbc:StatusReason>");
            }
            status.append("</cac:Status>");
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<ApplicationResponse xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2\""
                + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""
                + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
                + "<cbc:CustomizationID>urn:fdc:peppol.eu:poacc:trns:invoice_response:3</cbc:CustomizationID>"
                + "<cbc:ProfileID>urn:fdc:peppol.eu:poacc:bis:invoice_response:3</cbc:ProfileID>"
                + "<cbc:ID>IR-" + UUID.randomUUID() + "</cbc:ID>"
                + "<cbc:IssueDate>" + LocalDate.now() + "</cbc:IssueDate>"
                + "<cac:SenderParty><cbc:EndpointID schemeID=\"" + buyer[0] + "\">" + buyer[1] + "</cbc:EndpointID>"
                + "<cac:PartyLegalEntity><cbc:RegistrationName>" + escape(buyerName)
                + "</cbc:RegistrationName></cac:PartyLegalEntity></cac:SenderParty>"
                + "<cac:ReceiverParty><cbc:EndpointID schemeID=\"" + supplier[0] + "\">" + supplier[1] + "</cbc:EndpointID>"
                + "<cac:PartyLegalEntity><cbc:RegistrationName>" + escape(supplierName)
                + "</cbc:RegistrationName></cac:PartyLegalEntity></cac:ReceiverParty>"
                + "<cac:DocumentResponse><cac:Response><cbc:ResponseCode listID=\"UNCL4343OpSubset\">" + r.code()
                + "</cbc:ResponseCode>" + status + "</cac:Response>"
                + "<cac:DocumentReference><cbc:ID>" + escape(t.invoiceNumber()) + "</cbc:ID>"
                + "<cbc:DocumentTypeCode>" + t.typeCode() + "</cbc:DocumentTypeCode></cac:DocumentReference>"
                + "</cac:DocumentResponse></ApplicationResponse>\n";
    }

    // ---- helpers

    private static Document parse(String xml) {
        try {
            return SafeXml.parse(xml);
        } catch (Exception e) {
            return null;
        }
    }

    /** The text of the first direct child element of the root with this local name. */
    private static String text(Document dom, String localName) {
        for (var n = dom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (localName.equals(n.getLocalName())) {
                return n.getTextContent().trim();
            }
        }
        return null;
    }

    /** The text of the index-th element anywhere with this local name. */
    private static String text(Document dom, String localName, int index) {
        var list = dom.getElementsByTagNameNS("*", localName);
        return list.getLength() > index ? list.item(index).getTextContent().trim() : "";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private boolean countRequest() {
        long now = System.nanoTime();
        synchronized (recent) {
            recent.removeIf(t -> now - t >= 1_000_000_000L);
            recent.add(now);
            return recent.size() <= maxPerSecond;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private int problem(HttpExchange ex, int status, String title, String detail, List<String> errors,
                        String retryAfter) throws IOException {
        ObjectNode p = JSON.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        if (errors != null) {
            ArrayNode list = p.putArray("errors");
            errors.forEach(list::add);
        }
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        byte[] bytes = JSON.writeValueAsBytes(p);
        ex.getResponseHeaders().add("Content-Type", "application/problem+json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static int json(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
