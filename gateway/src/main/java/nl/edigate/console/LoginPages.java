package nl.edigate.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.javalin.http.Context;

import nl.edigate.text.Printable;

/** The login: a form with its own CSRF token, equal work for unknown users, a brake on guessing; and the logout. */
final class LoginPages {
    static final String SESSION_COOKIE = "EDIGATE_SESSION";
    private static final Logger LOG = LoggerFactory.getLogger(LoginPages.class);
    /** Checked for an unknown user too, so that a refusal takes as long whether the user exists or not. */
    private static final String NO_SUCH_USER = PasswordHash.hash(Sessions.token().toCharArray());
    private static final String LOGIN_COOKIE = "EDIGATE_LOGIN";
    private final ConsoleSettings settings;
    private final Sessions sessions;
    private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());

    LoginPages(ConsoleSettings settings, Sessions sessions) {
        this.settings = settings;
        this.sessions = sessions;
    }

    /** The login form carries a token that matches a cookie set with it: a login cannot be forged cross-site. */
    void loginPage(Context ctx, int status, String error) {
        // kept while the browser has one: a second login page (another tab, a redirect) must not void the first
        String token = ctx.cookie(LOGIN_COOKIE);
        if (token == null || !token.matches("[A-Za-z0-9_-]{43}")) {
            token = Sessions.token();
        }
        ctx.res().addHeader("Set-Cookie", LOGIN_COOKIE + "=" + token + "; Path=/login; HttpOnly; SameSite=Strict");
        Map<String, Object> params = new HashMap<>();
        params.put("frame", Frame.of("Log in", null));
        params.put("error", error);
        params.put("noUsers", settings.users().isEmpty());
        params.put("token", token);
        ctx.status(status).html(Views.render("login", params));
    }

    void login(Context ctx, Map<String, String> params) {
        String expected = ctx.cookie(LOGIN_COOKIE);
        String token = params.get("csrf");
        if (expected == null || token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("console: login refused: the form is not from this console (CSRF token)");
            loginPage(ctx, 403, "The login form was not from this console; please log in again.");
            return;
        }
        String name = params.getOrDefault("user", "");
        String shown = Printable.of(name, 64);
        String address = ctx.req().getRemoteAddr();
        Duration wait = throttle.waitFor(name, address);
        if (!wait.isZero()) {
            LOG.warn("console: login for '{}' from {} refused without a look: too many failed logins, {} s to wait",
                    shown, address, wait.toSeconds() + 1);
            ctx.header("Retry-After", Long.toString(wait.toSeconds() + 1));
            loginPage(ctx, 429, "Too many failed logins: try again in " + (wait.toSeconds() + 1) + " seconds.");
            return;
        }
        ConsoleSettings.User user = settings.users().get(name);
        String password = params.getOrDefault("password", "");
        // the same work for a user that does not exist: the answer's time does not tell which users do
        boolean ok = PasswordHash.verify(password.toCharArray(), user == null ? NO_SUCH_USER : user.hash()) && user != null;
        if (!ok) {
            int failures = throttle.failed(name, address);
            LOG.warn("console: failed login for '{}' from {} ({} in a row)", shown, address, failures);
            loginPage(ctx, 401, "Unknown user or wrong password.");
            return;
        }
        throttle.succeeded(name, address);
        Sessions.Session s = sessions.open(user);
        LOG.info("console: {} logged in from {}", user, address);
        ctx.res().addHeader("Set-Cookie", SESSION_COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
        ctx.res().addHeader("Set-Cookie", LOGIN_COOKIE + "=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict");
        ctx.header("Location", "/").status(303).result("welcome");
    }

    static boolean csrfOk(ConsoleRequest r) {
        String token = r.params().get("csrf");
        return token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                r.session().csrf().getBytes(StandardCharsets.UTF_8));
    }

    void logout(ConsoleRequest r) {
        sessions.close(r.session().id());
        r.ctx().res().addHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        r.ctx().header("Location", "/login").status(303).result("logged out");
    }
}
