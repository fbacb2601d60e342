package nl.edigate.delivery;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import nl.edigate.config.ClientProfile;
import nl.edigate.ledger.LedgerDocument;

/**
 * Progress reports to the client's REST API (contract section 3), through the client's routes
 * {@code deliver-https-<client>} and {@code oauth2-token-<client>} (templates in the routes folder). OAuth 2.0 client credentials with the
 * token cached and renewed a minute before it expires; the report id is the Idempotency-Key, the same
 * on every retry and resend; at most n requests per second; every answer classified as the table says.
 * Neither the secret nor the token ever goes into a message, log line or ledger row.
 */
public final class HttpsApiChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger(HttpsApiChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(60);

    private final ProducerTemplate template;
    private final String reportEndpoint;
    private final String tokenEndpoint;
    private final ClientProfile.ApiSettings api;
    private final RateLimiter limiter;
    private final CallDeadlines deadlines;
    private String token;
    private Instant tokenExpires = Instant.EPOCH;

    public HttpsApiChannel(ProducerTemplate template, String clientId, ClientProfile.ApiSettings api,
                           CallDeadlines deadlines) {
        this.template = template;
        this.deadlines = deadlines;
        this.reportEndpoint = "direct:" + reportRouteId(clientId);
        this.tokenEndpoint = "direct:" + tokenRouteId(clientId);
        this.api = api;
        this.limiter = new RateLimiter(api.maxRequestsPerSecond());
    }

    /** The client's API delivery route, which is also the name of its direct endpoint. */
    public static String reportRouteId(String clientId) {
        return "deliver-https-" + clientId;
    }

    /** The client's token route, which is also the name of its direct endpoint. */
    public static String tokenRouteId(String clientId) {
        return "oauth2-token-" + clientId;
    }

    @Override
    public String name() {
        return "HTTPS";
    }

    /** The Idempotency-Key makes a second POST of the same report harmless. */
    @Override
    public boolean idempotent() {
        return true;
    }

    @Override
    public synchronized void refreshCredentials() {
        token = null;
    }

    /**
     * A token fetched now, as delivery would (`clients test-connection`): says until when it is valid,
     * never the token itself.
     */
    public synchronized String fetchTokenNow() {
        token = null;
        try {
            token();
        } catch (DeliveryFailure e) {
            throw new IllegalStateException(e.failure().message(), e);
        } catch (Exception e) {
            throw new IllegalStateException(Failure.classify(e).message(), e);
        }
        return "a token, valid until " + tokenExpires;
    }

    @Override
    public Receipt send(LedgerDocument document) throws Exception {
        String bearer = token();
        String contract = JSON.readTree(document.payload()).path("contractRef").asText();
        limiter.acquire();
        return deadlines.within(api.callDeadline(), "the client's API", () -> {
            Exchange result = template.send(reportEndpoint, exchange -> {
                Message in = exchange.getIn();
                in.setHeader(Exchange.HTTP_PATH, "/api/v1/contracts/" + URLEncoder.encode(contract, StandardCharsets.UTF_8)
                        + "/progress-reports");
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setHeader("Authorization", "Bearer " + bearer);
                in.setHeader("Idempotency-Key", document.documentId());
                in.setBody(document.payload());
            });
            if (result.getException() != null) {
                throw result.getException();
            }
            Message out = result.getMessage();
            int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            String body = text(out.getBody(), MAX_ANSWER, "the client's API");
            if (status == 201 || status == 200) {
                String location = out.getHeader("Location", String.class);
                String note = status == 201 ? "201 registered" : "200 already registered under this Idempotency-Key";
                return new Receipt(location != null ? location : note, note + (location != null ? " at " + location : ""));
            }
            throw new DeliveryFailure(answer(status, body, out.getHeader("Retry-After", String.class)));
        });
    }

    /** The most an answer of the client's API may hold: a problem+json, never a document. */
    public static final int MAX_ANSWER = 1024 * 1024;
    /** The most the token endpoint's answer may hold. */
    public static final int MAX_TOKEN_ANSWER = 64 * 1024;

    /** A body read with its limit, as text (UTF-8); null for none. */
    static String text(Object body, int max, String what) throws IOException {
        byte[] bytes = CallDeadlines.read(body, max, what);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** The table of section 3, as failures. */
    static Failure answer(int status, String body, String retryAfter) {
        String text = status + " " + summary(body);
        return switch (status) {
            case 400, 422, 403, 404, 409, 413 -> new Failure(Failure.Kind.REJECTED,
                    "the client refused the report: " + text, null, body);
            case 401 -> new Failure(Failure.Kind.TOKEN_EXPIRED, "401: token missing or expired", null, body);
            case 429 -> new Failure(Failure.Kind.RATE_LIMITED, "429: too many requests", parseRetryAfter(retryAfter), body);
            // a temporary answer may say when to come back (maintenance): not before that
            default -> status >= 500 || status == 408
                    ? new Failure(Failure.Kind.TRANSIENT, "temporary: " + text, parseRetryAfter(retryAfter), body)
                    : new Failure(Failure.Kind.REJECTED, "unexpected answer " + text, null, body);
        };
    }

    public static Duration parseRetryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The problem's title and detail, not the whole body (which is kept in the ledger as it came). */
    static String summary(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode problem = JSON.readTree(body);
            String title = problem.path("title").asText("");
            String detail = problem.path("detail").asText("");
            String s = (title + (detail.isEmpty() ? "" : ": " + detail)).trim();
            JsonNode errors = problem.path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                s = s + " " + errors;
            }
            return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    /** The cached token, renewed a minute before it expires. */
    private synchronized String token() throws Exception {
        if (token != null && Instant.now().isBefore(tokenExpires.minus(RENEW_BEFORE))) {
            return token;
        }
        String form = form(Map.of("grant_type", "client_credentials", "client_id", api.clientId(),
                "client_secret", api.clientSecret(), "scope", api.scope()));
        limiter.acquire();
        String[] answered = new String[1];
        int status = deadlines.within(api.callDeadline(), "the token endpoint", () -> {
            Exchange result = template.send(tokenEndpoint, exchange -> {
                exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                exchange.getIn().setBody(form);
            });
            if (result.getException() != null) {
                throw result.getException();
            }
            answered[0] = text(result.getMessage().getBody(), MAX_TOKEN_ANSWER, "the token endpoint");
            return result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        });
        String body = answered[0];
        if (status == 200) {
            JsonNode answer = JSON.readTree(body);
            String access = answer.path("access_token").asText(null);
            if (access == null || access.isEmpty()) {
                throw new DeliveryFailure(new Failure(Failure.Kind.AUTHENTICATION,
                        "the token endpoint answered 200 without an access_token"));
            }
            token = access;
            tokenExpires = Instant.now().plusSeconds(answer.path("expires_in").asLong(300));
            LOG.debug("fetched a new API token for client id {}, valid until {}", api.clientId(), tokenExpires);
            return token;
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new DeliveryFailure(new Failure(Failure.Kind.TRANSIENT, "the token endpoint answered " + status));
        }
        // 400 invalid_client, 401: our credentials are refused; the body is the OAuth error, no secret in it
        throw new DeliveryFailure(new Failure(Failure.Kind.AUTHENTICATION, "the token endpoint refused our client"
                + " credentials: " + status + " " + summary(body)));
    }

    private static String form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return sb.toString();
    }

    @Override
    public Failure classify(Exception error) {
        return Failure.classify(error);
    }
}
