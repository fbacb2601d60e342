package nl.edigate.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

import nl.edigate.concurrent.DaemonThreads;

/**
 * Every HTTP call the gateway makes to a partner has a total deadline, and every answer is read with a
 * size limit. The HTTP client's own time-out is per read: a server that sends one byte every 20 s keeps a
 * call alive for ever, and one that streams without end fills the heap. A call runs {@link #within} a
 * deadline: the HTTP client (configured by this class, the routes' {@code httpClientConfigurer}) hands the
 * connection of each request made on that thread to a watchdog, which closes it when the deadline passes,
 * whatever the call is waiting for (the status line, the headers, the body); the answer's body is read by
 * the routes' step {@link #readAnswer} up to its limit. Java, not a route option: camel-http has no total
 * deadline and no limit on an answer of its own.
 */
public final class CallDeadlines implements HttpClientConfigurer {
    /** Thrown when a call's deadline passed or its answer was larger than it may be: a passing failure. */
    public static final class Exceeded extends IOException {
        Exceeded(String message) {
            super(message);
        }
    }

    /** One call under way: its connections, and whether its deadline closed them. */
    private static final class Call {
        final List<ExecRuntime> runtimes = new CopyOnWriteArrayList<>();
        volatile boolean expired;

        void expire() {
            expired = true;
            runtimes.forEach(ExecRuntime::discardEndpoint);
        }
    }

    private static final ThreadLocal<Call> CURRENT = new ThreadLocal<>();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("edigate-call-deadline"));

    /** The work of one call: the request and the reading of its answer. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /**
     * Runs one call (a request and the reading of its answer) on this thread, its connection closed when
     * {@code deadline} has passed.
     * @throws Exceeded when the deadline closed the call, naming {@code what}
     */
    public <T> T within(Duration deadline, String what, Work<T> work) throws Exception {
        Call call = new Call();
        Call outer = CURRENT.get();
        CURRENT.set(call);
        ScheduledFuture<?> alarm = watchdog.schedule(call::expire, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return work.run();
        } catch (Exception e) {
            if (call.expired) {
                throw new Exceeded(what + " did not answer within " + deadline.toSeconds() + " s, the whole call's"
                        + " deadline (an answer that comes too slowly counts as none)");
            }
            throw e;
        } finally {
            alarm.cancel(false);
            CURRENT.set(outer);
        }
    }

    /**
     * The answer's body, at most {@code max} bytes; null for none.
     * @throws Exceeded when there is more, naming {@code what}
     */
    public static byte[] read(Object body, int max, String what) throws IOException {
        if (body == null) {
            return null;
        }
        if (body instanceof byte[] bytes) {
            if (bytes.length > max) {
                throw new Exceeded(what + " answered more than " + max + " bytes");
            }
            return bytes;
        }
        if (body instanceof String s) {
            return read(s.getBytes(StandardCharsets.UTF_8), max, what);
        }
        if (!(body instanceof InputStream in)) {
            throw new IOException(what + " answered a body of an unexpected kind: " + body.getClass().getSimpleName());
        }
        try (in) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new Exceeded(what + " answered more than " + max + " bytes");
            }
            return bytes;
        }
    }

    /**
     * The routes' step after the HTTP call: the answer's body read into the exchange, at most {@code max}
     * bytes, before the exchange completes (camel-http would otherwise drain a stream to its end to reuse
     * the connection). More than that closes the connection at once and fails the call.
     */
    public void readAnswer(Exchange exchange, int max) throws IOException {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof InputStream in)) {
            return;
        }
        try {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                Call call = CURRENT.get();
                if (call != null) {
                    call.expire(); // nothing more is read: the rest of the stream goes with the connection
                }
                throw new Exceeded("the answer is longer than " + max + " bytes, the most it may be");
            }
            exchange.getMessage().setBody(bytes);
        } finally {
            if (exchange.getMessage().getBody() != body) {
                in.close();
            }
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("edigate-call-deadline", (request, scope, chain) -> {
            Call call = CURRENT.get();
            if (call != null) {
                call.runtimes.add(scope.execRuntime);
                if (call.expired) {
                    scope.execRuntime.discardEndpoint();
                }
            }
            return chain.proceed(request, scope);
        });
    }

    public void close() {
        watchdog.shutdownNow();
    }
}
