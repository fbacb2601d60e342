package nl.edigate.console;

import java.util.Map;

/** Documents per status for a selection, and how many of them are overdue. */
public record Counts(Map<String, Long> byStatus, long overdue) {
}
