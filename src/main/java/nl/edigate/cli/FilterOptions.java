package nl.edigate.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import picocli.CommandLine.Option;

import nl.edigate.config.ConfigException;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;

/** The filters `messages` and `resend` share. Dates: 2026-11-25, 2026-11-25T10:00, today, yesterday. */
public final class FilterOptions {
    @Option(names = "--status", split = ",", description = "one or more of ${COMPLETION-CANDIDATES}")
    List<DocumentStatus> statuses = new ArrayList<>();

    @Option(names = "--client", description = "client id, as in its profile")
    String client;

    @Option(names = "--type", description = "ORDER_RESPONSE or PROGRESS_REPORT")
    String type;

    @Option(names = "--key", description = "business key, e.g. PO-88001/VO-2026-004711")
    String key;

    @Option(names = "--created-from", description = "created at or after")
    String createdFrom;

    @Option(names = "--created-to", description = "created before")
    String createdTo;

    @Option(names = "--delivered-from", description = "delivered at or after")
    String deliveredFrom;

    @Option(names = "--delivered-to", description = "delivered before")
    String deliveredTo;

    @Option(names = "--run", description = "the run that created the documents")
    Long run;

    @Option(names = "--overdue", description = "only documents whose acknowledgement is overdue (24 h after delivery)")
    boolean overdue;

    boolean isEmpty() {
        return statuses.isEmpty() && client == null && type == null && key == null && createdFrom == null
                && createdTo == null && deliveredFrom == null && deliveredTo == null && run == null && !overdue;
    }

    DocumentFilter toFilter(List<Long> ids) {
        Set<DocumentStatus> s = statuses.isEmpty() ? Set.of() : EnumSet.copyOf(statuses);
        return new DocumentFilter(s, client, type, key, instant(createdFrom, "--created-from"),
                instant(createdTo, "--created-to"), instant(deliveredFrom, "--delivered-from"),
                instant(deliveredTo, "--delivered-to"), run, overdue, ids);
    }

    /** Words for a record of what was selected. */
    String describe(List<Long> ids) {
        List<String> parts = new ArrayList<>();
        if (!ids.isEmpty()) {
            parts.add("ids " + ids);
        }
        if (!statuses.isEmpty()) {
            parts.add("status " + statuses);
        }
        add(parts, "client", client);
        add(parts, "type", type);
        add(parts, "key", key);
        add(parts, "created from", createdFrom);
        add(parts, "created to", createdTo);
        add(parts, "delivered from", deliveredFrom);
        add(parts, "delivered to", deliveredTo);
        add(parts, "run", run);
        if (overdue) {
            parts.add("overdue");
        }
        return String.join(", ", parts);
    }

    private static void add(List<String> parts, String label, Object v) {
        if (v != null) {
            parts.add(label + " " + v);
        }
    }

    static Instant instant(String v, String option) {
        if (v == null) {
            return null;
        }
        ZoneId zone = ZoneId.systemDefault();
        switch (v) {
            case "today":
                return LocalDate.now(zone).atStartOfDay(zone).toInstant();
            case "yesterday":
                return LocalDate.now(zone).minusDays(1).atStartOfDay(zone).toInstant();
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
            throw new ConfigException(option + " '" + v + "' is not a date (2026-11-25, 2026-11-25T10:00, today, yesterday)");
        }
    }
}
