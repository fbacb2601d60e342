package nl.edigate.text;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The one way the gateway shows a moment to people (reports, `messages`, `show`, the console, alerts):
 * {@code yyyy-MM-dd HH:mm:ss} in one zone, the gateway's {@code time-zone} (by default the contracts'
 * Europe/Amsterdam), which each page, table and message names once ({@link #zoneNote()}). Machines get ISO
 * instants (JSON, /health).
 * <p>The zone is process-wide: set once from the settings when they are loaded ({@link #use}), because
 * every printed time in the process follows the one configuration the process runs with.
 */
public final class Times {
    /** The contracts' zone. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Amsterdam");
    private static final String PATTERN = "yyyy-MM-dd HH:mm:ss";
    private static volatile ZoneId zone = DEFAULT_ZONE;
    private static volatile DateTimeFormatter format = DateTimeFormatter.ofPattern(PATTERN).withZone(DEFAULT_ZONE);

    private Times() {
    }

    /** Shows every time from now on in this zone. */
    public static void use(ZoneId z) {
        zone = z;
        format = DateTimeFormatter.ofPattern(PATTERN).withZone(z);
    }

    /** The zone times are shown in. */
    public static ZoneId zone() {
        return zone;
    }

    /** The formatter of {@link #format(Instant)}. */
    public static DateTimeFormatter formatter() {
        return format;
    }

    /** The moment as people read it, or "-" for none. */
    public static String format(Instant t) {
        return t == null ? "-" : format.format(t);
    }

    /** "times in Europe/Amsterdam": what every page and table says once. */
    public static String zoneNote() {
        return "times in " + zone.getId();
    }
}
