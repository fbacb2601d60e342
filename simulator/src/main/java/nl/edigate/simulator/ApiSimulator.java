package nl.edigate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import nl.edigate.validation.ProgressReportSchema;

/**
 * The client's REST API as contract section 3 describes it, over HTTPS on loopback with a certificate
 * from its own CA: the OAuth 2.0 token endpoint (tokens that expire), the progress report endpoint
 * with Idempotency-Key semantics, the JSON Schema check, a rate limit of n requests per second, and
 * faults a test can script (answers, resets, hangs, a maintenance window).
 * <p>Over 300 lines: the client's whole contract (token, answers table, faults a test scripts) in one
 * place to compare with client-interface.md; not production code, it moves to the simulator module (issue 12).
 */
public final class ApiSimulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REPORTS = Pattern.compile("/api/v1/contracts/([^/]+)/progress-reports");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_BODY = 256 * 1024;

    /** What a scripted fault does to the next report request. */
    public enum FaultType { NONE, STATUS, RESET, HANG, RESET_AFTER_REGISTER, HANG_AFTER_REGISTER, EXPIRE_TOKENS }

    public record Fault(FaultType type, int status, String retryAfter, Duration hang) {
        /** No fault: lets a test aim the next one at a later request. */
        public static Fault none() {
            return new Fault(FaultType.NONE, 0, null, null);
        }

        /** Every token issued so far expires now, before this request is looked at. */
        public static Fault expireTokens() {
            return new Fault(FaultType.EXPIRE_TOKENS, 0, null, null);
        }

        public static Fault status(int status) {
            return new Fault(FaultType.STATUS, status, null, null);
        }

        /** A 503 that says when to come back, as the client's maintenance answers do. */
        public static Fault unavailable(int retryAfterSeconds) {
            return new Fault(FaultType.STATUS, 503, Integer.toString(retryAfterSeconds), null);
        }

        public static Fault tooManyRequests(int retryAfterSeconds) {
            return new Fault(FaultType.STATUS, 429, Integer.toString(retryAfterSeconds), null);
        }

        public static Fault reset() {
            return new Fault(FaultType.RESET, 0, null, null);
        }

        public static Fault hang(Duration d) {
            return new Fault(FaultType.HANG, 0, null, d);
        }

        public static Fault resetAfterRegistering() {
            return new Fault(FaultType.RESET_AFTER_REGISTER, 0, null, null);
        }

        public static Fault hangAfterRegistering(Duration d) {
            return new Fault(FaultType.HANG_AFTER_REGISTER, 0, null, d);
        }
    }

    /** One report the client registered. */
    public record Registration(String idempotencyKey, String contract, String body, String location, Instant at) {
    }

    /** One request as the server saw it. */
    public record Request(Instant at, String path, String idempotencyKey, int status) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String clientId;
    private final String clientSecret;
    private final Set<String> contracts;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Registration> byKey = new ConcurrentHashMap<>();
    private final Map<String, String> bodyHashByKey = new ConcurrentHashMap<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final List<Consumer<Registration>> registeredListeners = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Long> recent = Collections.synchronizedList(new ArrayList<>());
    private volatile Duration tokenLifetime = Duration.ofSeconds(300);
    private volatile Instant unavailableUntil = Instant.EPOCH;
    private volatile boolean tokenEndpointDown;
    private volatile int maxPerSecond = 10;

    static {
        // the JDK's HTTP server leaves Nagle on: a small answer then waits for the client's delayed ACK,
        // ~40 ms per request on loopback (measured: 22 requests a second). The client's server does not.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    public ApiSimulator(SSLContext tls, String clientId, String clientSecret, Set<String> contracts) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.contracts = Set.copyOf(contracts);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        server.createContext("/oauth2/token", this::token);
        server.createContext("/api/v1/contracts/", this::report);
        server.setExecutor(executor);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "https://127.0.0.1:" + port();
    }

    // ---- what a test can change or read

    public void setTokenLifetime(Duration d) {
        tokenLifetime = d;
    }

    public void setTokenEndpointDown(boolean down) {
        tokenEndpointDown = down;
    }

    /** Nightly maintenance: every report request answers 503 until then. */
    public void unavailableFor(Duration d) {
        unavailableUntil = Instant.now().plus(d);
    }

    public void setMaxPerSecond(int n) {
        maxPerSecond = n;
    }

    /** The next report requests meet these faults, one each, in order. */
    public void enqueue(Fault... f) {
        faults.addAll(List.of(f));
    }

    /** Called once a report is registered, before the answer goes out (the test's hook for crashes). */
    public void onRegistered(Consumer<Registration> listener) {
        registeredListeners.add(listener);
    }

    public List<Registration> registrations() {
        return List.copyOf(registrations);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    // ---- the token endpoint

    private void token(HttpExchange ex) throws IOException {
        try (ex) {
            countRequest();
            if (tokenEndpointDown) {
                send(ex, 503, "application/json", "{\"error\":\"temporarily_unavailable\"}", null);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "application/json", "{\"error\":\"invalid_request\"}", null);
                return;
            }
            Map<String, String> form = form(new String(readLimited(ex.getRequestBody()), StandardCharsets.UTF_8));
            if (!"client_credentials".equals(form.get("grant_type")) || !"progress.write".equals(form.get("scope"))) {
                send(ex, 400, "application/json", "{\"error\":\"invalid_request\"}", null);
                return;
            }
            if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
                send(ex, 401, "application/json", "{\"error\":\"invalid_client\"}", null);
                return;
            }
            byte[] raw = new byte[24];
            random.nextBytes(raw);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
            tokens.put(token, Instant.now().plus(tokenLifetime));
            send(ex, 200, "application/json", "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":" + tokenLifetime.toSeconds() + "}", null);
        }
    }

    // ---- the report endpoint

    private void report(HttpExchange ex) throws IOException {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        Request arrived = new Request(Instant.now(), ex.getRequestURI().getPath(), key, 0);
        int index;
        synchronized (requests) {
            requests.add(arrived);
            index = requests.size() - 1;
        }
        int status = 0;
        try {
            status = handleReport(ex, key);
        } finally {
            // logged on arrival (a hanging request counts at once), its status filled in when it ends
            requests.set(index, new Request(arrived.at(), arrived.path(), key, status));
            ex.close();
        }
    }

    /** Returns the status sent, or 0 when the connection was dropped. */
    private int handleReport(HttpExchange ex, String key) throws IOException {
        if (!countRequest()) {
            return problem(ex, 429, "Too Many Requests", "more than " + maxPerSecond + " requests per second", null, "1");
        }
        Fault fault = faults.poll();
        if (fault != null) {
            switch (fault.type()) {
                case STATUS -> {
                    return problem(ex, fault.status(), "Scripted", "a scripted answer", null, fault.retryAfter());
                }
                case RESET -> {
                    return 0;
                }
                case HANG -> {
                    sleep(fault.hang());
                    return 0;
                }
                case EXPIRE_TOKENS -> tokens.replaceAll((t, expiry) -> Instant.EPOCH);
                default -> {
                    // the *_AFTER_REGISTER faults act below, once the report is registered
                }
            }
        }
        Instant now = Instant.now();
        if (now.isBefore(unavailableUntil)) {
            // the contract: Retry-After says how long the maintenance has left (whole seconds, rounded up)
            long left = (Duration.between(now, unavailableUntil).toMillis() + 999) / 1000;
            return problem(ex, 503, "Service Unavailable", "nightly maintenance", null, Long.toString(left));
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        Instant expires = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (expires == null || Instant.now().isAfter(expires)) {
            return problem(ex, 401, "Unauthorized", "token missing or expired", null, null);
        }
        Matcher m = REPORTS.matcher(ex.getRequestURI().getPath());
        if (!"POST".equals(ex.getRequestMethod()) || !m.matches()) {
            return problem(ex, 404, "Not Found", "no such resource", null, null);
        }
        if (ex.getRequestURI().getRawQuery() != null) {
            return problem(ex, 400, "Bad Request", "unexpected query parameters: " + ex.getRequestURI().getRawQuery(),
                    null, null);
        }
        if (key == null || !KEY.matcher(key).matches()) {
            return problem(ex, 400, "Bad Request", "Idempotency-Key is missing or malformed", null, null);
        }
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return problem(ex, 400, "Bad Request", "Content-Type must be application/json", null, null);
        }
        byte[] raw = readLimited(ex.getRequestBody());
        if (raw.length > MAX_BODY) {
            return problem(ex, 413, "Payload Too Large", "body is larger than 256 KiB", null, null);
        }
        String contract = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        if (!contracts.contains(contract)) {
            return problem(ex, 404, "Not Found", "unknown contract " + contract, null, null);
        }
        String body = new String(raw, StandardCharsets.UTF_8);
        String hash = sha256(body);
        synchronized (this) {
            Registration earlier = byKey.get(key);
            if (earlier != null) {
                if (!bodyHashByKey.get(key).equals(hash)) {
                    return problem(ex, 409, "Conflict", "Idempotency-Key reused with another body", null, null);
                }
                send(ex, 200, "application/json", "{\"location\":\"" + earlier.location() + "\"}", earlier.location());
                return 200;
            }
            List<String> schemaErrors = ProgressReportSchema.get().validate(body);
            JsonNode json = null;
            if (schemaErrors.isEmpty()) {
                json = JSON.readTree(body);
                if (!contract.equals(json.path("contractRef").asText())) {
                    schemaErrors = List.of("/contractRef: does not match the contract in the path");
                }
            }
            if (!schemaErrors.isEmpty()) {
                return problem(ex, 422, "Unprocessable Entity", "the report does not conform", schemaErrors, null);
            }
            String location = "/api/v1/contracts/" + contract + "/progress-reports/" + (registrations.size() + 1);
            Registration r = new Registration(key, contract, body, location, Instant.now());
            byKey.put(key, r);
            bodyHashByKey.put(key, hash);
            registrations.add(r);
        }
        for (var l : registeredListeners) {
            l.accept(byKey.get(key));
        }
        if (fault != null && fault.type() == FaultType.RESET_AFTER_REGISTER) {
            return 0;
        }
        if (fault != null && fault.type() == FaultType.HANG_AFTER_REGISTER) {
            sleep(fault.hang());
            return 0;
        }
        send(ex, 201, "application/json", "{\"location\":\"" + byKey.get(key).location() + "\"}", byKey.get(key).location());
        return 201;
    }

    /** Counts a request; false when it is over the rate limit of the last second. */
    private boolean countRequest() {
        long now = System.nanoTime();
        synchronized (recent) {
            recent.removeIf(t -> now - t >= 1_000_000_000L);
            recent.add(now);
            return recent.size() <= maxPerSecond;
        }
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
            for (String e : errors) {
                int colon = e.indexOf(": ");
                ObjectNode item = list.addObject();
                item.put("pointer", colon > 0 ? e.substring(0, colon) : "");
                item.put("message", colon > 0 ? e.substring(colon + 2) : e);
            }
        }
        if (retryAfter != null) {
            ex.getResponseHeaders().add("Retry-After", retryAfter);
        }
        send(ex, status, "application/problem+json", JSON.writeValueAsString(p), null);
        return status;
    }

    private static void send(HttpExchange ex, int status, String type, String body, String location) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        if (location != null) {
            ex.getResponseHeaders().add("Location", location);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        return in.readNBytes(MAX_BODY + 1);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
