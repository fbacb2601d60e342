package nl.edigate.delivery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

import nl.edigate.config.AccessPointSettings;

/**
 * The access point provider's REST API (client-gemeente-interface.md, sections 3 and 4), reached through
 * the route {@code peppol-access-point} (a template in the routes folder) with mutual TLS: one request at
 * a time per caller, at most n a second for the whole gateway (the contract allows 5), every answer
 * returned as it came for the caller to read. The client certificate is checked before each request:
 * an expired one is refused here with its date, not sent to be refused there.
 */
public final class AccessPoint {
    /** The route, which is also the name of its direct endpoint. */
    public static final String ROUTE_ID = "peppol-access-point";

    /** One answer of the AP: status, body, and the headers the caller may need. */
    public record Answer(int status, String body, String retryAfter) {
    }

    private final ProducerTemplate template;
    private final AccessPointSettings settings;
    private final AccessPointTls tls;
    private final RateLimiter limiter;
    private final CallDeadlines deadlines;
    /**
     * The most an answer of the AP may hold: an inbound document of at most 10 MiB (the contract's limit on
     * a document) with room for its envelope.
     */
    public static final int MAX_ANSWER = 11 * 1024 * 1024;

    /** Our client certificate: whom it names and when it ends. */
    public AccessPointTls.ClientCertificate certificate() {
        return tls.certificate();
    }

    public AccessPoint(ProducerTemplate template, AccessPointSettings settings, AccessPointTls tls,
                       CallDeadlines deadlines) {
        this.template = template;
        this.deadlines = deadlines;
        this.settings = settings;
        this.tls = tls;
        this.limiter = new RateLimiter(settings.maxRequestsPerSecond());
    }

    public AccessPointSettings settings() {
        return settings;
    }

    /** Why our client certificate would be refused now, or null. */
    public String certificateProblem() {
        return tls.certificate().problem(Instant.now());
    }

    /** A request: method, path (with its query), headers, body (null for none). Throws on a network failure. */
    public Answer request(String method, String path, Map<String, String> headers, String body) throws Exception {
        String problem = certificateProblem();
        if (problem != null) {
            throw new Channel.DeliveryFailure(new Failure(Failure.Kind.AUTHENTICATION, problem));
        }
        limiter.acquire();
        int q = path.indexOf('?');
        // the whole call within its deadline, the answer within its size: whatever the AP sends, or how slowly
        return deadlines.within(settings.callDeadline(), "the access point", () -> {
            Exchange result = template.send("direct:" + ROUTE_ID, exchange -> {
                Message in = exchange.getIn();
                in.setHeader(Exchange.HTTP_METHOD, method);
                in.setHeader(Exchange.HTTP_PATH, q < 0 ? path : path.substring(0, q));
                if (q >= 0) {
                    in.setHeader(Exchange.HTTP_QUERY, path.substring(q + 1));
                }
                headers.forEach(in::setHeader);
                in.setBody(body);
            });
            if (result.getException() != null) {
                throw diagnosed(result.getException());
            }
            Message out = result.getMessage();
            byte[] answer = CallDeadlines.read(out.getBody(), MAX_ANSWER, "the access point");
            return new Answer(out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                    answer == null ? null : new String(answer, StandardCharsets.UTF_8),
                    out.getHeader("Retry-After", String.class));
        });
    }

    /**
     * Reaches the AP as delivery would (`clients test-connection`): mutual TLS and one read-only request,
     * the first page of waiting Invoice Responses. Says how far the client certificate is valid; sends no
     * business data. Throws with the reason when the AP cannot be reached or refuses us.
     */
    public String probe() {
        try {
            Answer a = request("GET", "/api/v2/inbound?documentType=invoice-response", Map.of(), null);
            if (a.status() != 200) {
                throw new IllegalStateException("the access point answered " + a.status() + " to a read-only request");
            }
            return "mutual TLS accepted; our client certificate is valid until " + tls.certificate().notAfter();
        } catch (Channel.DeliveryFailure e) {
            throw new IllegalStateException(e.failure().message(), e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(Failure.classify(e).message(), e);
        }
    }

    /**
     * A connection that broke (a broken pipe, a reset) may be the AP refusing our client certificate after
     * a TLS 1.3 handshake: asked once more with a handshake alone, the AP's alert names it. Anything else is
     * returned as it was, to be classified as usual.
     */
    private Exception diagnosed(Exception e) {
        if (Failure.classify(e).kind() != Failure.Kind.TRANSIENT) {
            return e;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.ConnectException) {
                return e; // a slow or absent AP, not a refusal
            }
        }
        URI uri = URI.create(settings.baseUrl());
        String alert = tls.refusal(template.getCamelContext(), uri.getHost(), uri.getPort() < 0 ? 443 : uri.getPort());
        if (alert == null) {
            return e;
        }
        return new Channel.DeliveryFailure(new Failure(Failure.Kind.AUTHENTICATION, "the access point refused our"
                + " client certificate (" + alert + "): it is not one the AP issued, or it was revoked; check"
                + " ap.keystore-file. Delivery of e-invoices is stopped"));
    }

    /**
     * Whether an identifier the AP gives (a transmission id, an inbound document's id, a cursor) is one its
     * protocol can have: 1 to 128 characters of letters, digits and {@code . _ : -}. Anything else is a breach
     * of the protocol and never reaches a column, a file name or a URL of ours as it came.
     */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
