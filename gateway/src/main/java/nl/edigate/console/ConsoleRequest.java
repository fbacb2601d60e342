package nl.edigate.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;

/**
 * One request of a logged-in user: its context, its fields (a POST's from its body only, never from the
 * query: so a CSRF token in a link counts for nothing) and its session.
 */
record ConsoleRequest(Context ctx, Map<String, String> params, Sessions.Session session) {

    static Map<String, String> fields(Context ctx) {
        Map<String, List<String>> raw = "POST".equals(ctx.method().name()) ? ctx.formParamMap() : ctx.queryParamMap();
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, String.join(",", v)));
        return out;
    }

    /** A field's value, trimmed; null when absent or blank. */
    String p(String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    boolean isOperator() {
        return session.user().role() == ConsoleSettings.Role.OPERATOR;
    }

    Frame frame(String title) {
        return Frame.of(title, session);
    }

    /** Renders a page for this user with the given status. */
    void page(int status, String template, String title, Map<String, Object> params) {
        Map<String, Object> all = new LinkedHashMap<>(params);
        all.put("frame", frame(title));
        ctx.status(status).html(Views.render(template, all));
    }

    /** A page of one sentence, an error or not. */
    void message(int status, String title, String text, boolean error) {
        page(status, "message", title, Map.of("text", text, "error", error));
    }
}
