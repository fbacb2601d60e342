package nl.edigate.console;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;

/**
 * A whole request (its headers and its body) must arrive within its deadline, and no worker waits for it:
 * the server reads a request's body (a form, at most 64 KiB) without a thread ({@link EagerContentHandler})
 * and only then hands the request to the console; a request still arriving when its deadline passes is cut
 * off. So 64 clients that send a byte every 2 s hold 64 connections for a few seconds, never the 64
 * workers, and {@code /health} answers throughout. Java, not a setting: Jetty's idle time-out restarts with
 * every byte, and its minimum data rate is checked on a worker's blocking read, which this avoids.
 */
final class RequestDeadline {
    private static final String ARRIVED = RequestDeadline.class.getName() + ".arrived";

    private RequestDeadline() {
    }

    /** Puts the handlers in front of the console's own on this server. */
    static void install(Server server, Duration deadline, int maxBody) {
        // inserted one after the other in front of the console: Deadline, then the body's reading, then Arrived
        server.insertHandler(new Arrived());
        server.insertHandler(new EagerContentHandler(new EagerContentHandler.RetainedContentLoaderFactory(maxBody, 0, true)));
        server.insertHandler(new Deadline(deadline));
    }

    /** Starts each request's clock; cuts the connection of one that has not arrived when it runs out. */
    private static final class Deadline extends Handler.Wrapper {
        private final Duration deadline;

        Deadline(Duration deadline) {
            this.deadline = deadline;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.getComponents().getScheduler().schedule(() -> {
                if (request.getAttribute(ARRIVED) == null) {
                    request.getConnectionMetaData().getConnection().getEndPoint().close();
                }
            }, deadline.toMillis(), TimeUnit.MILLISECONDS);
            return super.handle(request, response, callback);
        }
    }

    /** Marks a request whose body is all there, as it goes on to the console. */
    private static final class Arrived extends Handler.Wrapper {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.setAttribute(ARRIVED, Boolean.TRUE);
            return super.handle(request, response, callback);
        }
    }
}
