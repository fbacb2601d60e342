package nl.edigate.console;

import java.time.Instant;
import java.util.Map;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Display;
import nl.edigate.text.Times;

/**
 * The console's pages: JTE templates ({@code gateway/src/main/jte}), compiled with the build, that escape
 * every value for where it stands (text, attribute) unless a template says otherwise; and the small
 * formatting helpers they call.
 */
public final class Views {
    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

    private Views() {
    }

    static String render(String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        ENGINE.render(template + ".jte", params, out);
        return out.toString();
    }

    public static String time(Instant t) {
        return t == null ? "" : Times.format(t);
    }

    public static String cut(String s, int n) {
        return s == null ? "" : s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** A list's note on a document: the client's reasons or the last error, after an automatic retry planned. */
    public static String note(LedgerDocument d) {
        String retry = d.retryAt() == null ? "" : "automatic retry by serve at " + time(d.retryAt()) + "; ";
        String text = d.ackReasons() != null ? d.ackReasons() : d.lastError();
        return cut(retry + (text == null ? "" : text), 120);
    }

    public static boolean overdue(LedgerDocument d) {
        return DocumentFilter.isOverdue(d, Instant.now());
    }

    public static String pretty(String payload) {
        return Display.pretty(payload);
    }
}
