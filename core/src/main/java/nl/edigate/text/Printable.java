package nl.edigate.text;

/**
 * Text from outside (file names, login names, query parameters, record values, server answers) made
 * safe for one line of a log or a report: control characters become visible escapes, so that a line
 * break in a file name cannot forge a new line, and overly long text is cut with its length said.
 */
public final class Printable {
    /** Longer than any legal value of the exports (64 KiB fields are not repeated in a report). */
    public static final int MAX = 500;

    private Printable() {
    }

    public static String of(String s) {
        return of(s, MAX);
    }

    public static String of(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = null;
        int limit = Math.min(s.length(), max);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            String escape = escape(c);
            if (escape != null && sb == null) {
                sb = new StringBuilder(limit + 16).append(s, 0, i);
            }
            if (sb != null) {
                if (escape != null) {
                    sb.append(escape);
                } else {
                    sb.append(c);
                }
            }
        }
        String out = sb == null ? s.substring(0, limit) : sb.toString();
        return s.length() > max ? out + "... (" + s.length() + " characters)" : out;
    }

    private static String escape(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    ? String.format("\\u%04x", (int) c) : null;
        };
    }
}
