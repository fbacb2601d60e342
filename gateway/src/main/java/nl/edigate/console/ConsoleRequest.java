package nl.edigate.console;

import static nl.edigate.console.Html.esc;

import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** One request of a logged-in user: its exchange, method, path, fields (query or form body) and session. */
record ConsoleRequest(HttpExchange ex, String method, String path, Map<String, String> params, Sessions.Session session) {

    /** A field's value, trimmed; null when absent or blank. */
    String p(String name) {
        String v = params.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    boolean isOperator() {
        return session.user().role() == ConsoleSettings.Role.OPERATOR;
    }

    /** The session's CSRF token as a hidden form field. */
    String csrfField() {
        return "<input type=hidden name=csrf value=\"" + esc(session.csrf()) + "\">";
    }
}
