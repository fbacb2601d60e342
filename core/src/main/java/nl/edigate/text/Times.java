package nl.edigate.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The one way the gateway shows a moment to people (reports, `messages`, `show`, the console, alerts):
 * local time with its zone, to the second at most.
 */
public final class Times {
    public static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z")
            .withZone(ZoneId.systemDefault());

    private Times() {
    }

    /** The moment as people read it, or "-" for none. */
    public static String format(Instant t) {
        return t == null ? "-" : LOCAL.format(t);
    }
}
