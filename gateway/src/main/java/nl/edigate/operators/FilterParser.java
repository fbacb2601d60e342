package nl.edigate.operators;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.text.Printable;

/**
 * The one reading of the document filters, for the command line and the console alike: the same
 * rules and the same messages. A value that is not understood is an error naming the parameter, never
 * a filter that lets everything through.
 */
public final class FilterParser {
    /** The filter fields, by their console names; the command line spells them --created-from etc. */
    public static final List<String> FIELDS = List.of("status", "client", "type", "key", "createdFrom",
            "createdTo", "deliveredFrom", "deliveredTo", "run", "overdue");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final int MAX_KEY = 200;

    /** A parameter that cannot be understood: shown to the user (a 400 page, or one line and exit 2). */
    public static final class BadParameter extends IllegalArgumentException {
        private final String parameter;

        public BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    private final Set<String> clients;
    private final Set<String> docTypes;
    private final Clock clock;
    private final UnaryOperator<String> spelling;

    /**
     * @param clients  the configured client ids (an unknown one matches nothing, so it is refused)
     * @param docTypes the document types the gateway makes
     * @param spelling how the caller names a field in its messages (createdFrom or --created-from)
     */
    public FilterParser(Collection<String> clients, Collection<String> docTypes, Clock clock,
                        UnaryOperator<String> spelling) {
        this.clients = new TreeSet<>(clients);
        this.docTypes = new TreeSet<>(docTypes);
        this.clock = clock;
        this.spelling = spelling;
    }

    /** The command line's spelling: createdFrom is --created-from. */
    public static String option(String field) {
        return "--" + field.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the given values (an absent field filters nothing); ids narrow further when given. A field that
     * is not a filter, or one given with an empty value, is an error naming it: never a filter that lets
     * everything through by accident (a resend of every document for a misspelt key).
     */
    public DocumentFilter parse(Map<String, String> values, List<Long> ids) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw bad(Printable.of(e.getKey(), 40), "is not a filter (" + String.join(", ", FIELDS) + ")");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                throw bad(e.getKey(), "is empty: give it a value, or leave the filter out");
            }
        }
        return new DocumentFilter(statuses(v(values, "status")), client(v(values, "client")), type(v(values, "type")),
                key(v(values, "key")), instant("createdFrom", v(values, "createdFrom")),
                instant("createdTo", v(values, "createdTo")), instant("deliveredFrom", v(values, "deliveredFrom")),
                instant("deliveredTo", v(values, "deliveredTo")), run(v(values, "run")),
                overdue(v(values, "overdue")), ids, null);
    }

    /** A whole number within bounds (limits, offsets, pages); the field by its console name (limit, page). */
    public int number(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip();
        if (!v.matches("-?[0-9]{1,10}")) {
            throw bad(field, "'" + Printable.of(v, 40) + "' is not a whole number");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw bad(field, n + " is not between " + min + " and " + max);
        }
        return (int) n;
    }

    private static String v(Map<String, String> values, String field) {
        String v = values.get(field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private Set<DocumentStatus> statuses(String v) {
        if (v == null) {
            return Set.of();
        }
        Set<DocumentStatus> out = EnumSet.noneOf(DocumentStatus.class);
        for (String s : v.split(",")) {
            String name = s.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                out.add(DocumentStatus.valueOf(name));
            } catch (IllegalArgumentException e) {
                List<String> known = new ArrayList<>();
                for (DocumentStatus d : DocumentStatus.values()) {
                    known.add(d.name());
                }
                throw bad("status", "'" + Printable.of(s.strip(), 40) + "' is not one of " + String.join(", ", known));
            }
        }
        return out;
    }

    private String client(String v) {
        if (v != null && !clients.contains(v)) {
            throw bad("client", "'" + Printable.of(v, 40) + "' is not a configured client (" + String.join(", ", clients) + ")");
        }
        return v;
    }

    private String type(String v) {
        if (v == null) {
            return null;
        }
        String t = v.toUpperCase(Locale.ROOT);
        if (!docTypes.contains(t)) {
            throw bad("type", "'" + Printable.of(v, 40) + "' is not one of " + String.join(", ", docTypes));
        }
        return t;
    }

    private String key(String v) {
        if (v != null && v.length() > MAX_KEY) {
            throw bad("key", "is longer than " + MAX_KEY + " characters");
        }
        return v;
    }

    private Long run(String v) {
        if (v == null) {
            return null;
        }
        if (!DIGITS.matcher(v).matches()) {
            throw bad("run", "'" + Printable.of(v, 40) + "' is not a run number");
        }
        return Long.parseLong(v);
    }

    private boolean overdue(String v) {
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw bad("overdue", "'" + Printable.of(v, 40) + "' is not on or off");
        };
    }

    /** 2026-11-25, 2026-11-25T10:00 (local time), an instant with its zone, today or yesterday. */
    Instant instant(String field, String v) {
        if (v == null) {
            return null;
        }
        ZoneId zone = clock.getZone();
        switch (v.toLowerCase(Locale.ROOT)) {
            case "today":
                return LocalDate.now(clock).atStartOfDay(zone).toInstant();
            case "yesterday":
                return LocalDate.now(clock).minusDays(1).atStartOfDay(zone).toInstant();
            default:
                break;
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a plain date
        }
        try {
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            // not a local date-time
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw bad(field, "'" + Printable.of(v, 40) + "' is not a date (2026-11-25, 2026-11-25T10:00, today, yesterday)");
        }
    }

    private BadParameter bad(String field, String message) {
        String name = spelling.apply(field);
        return new BadParameter(name, name + " " + message);
    }
}
