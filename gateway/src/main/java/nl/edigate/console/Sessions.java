package nl.edigate.console;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Console sessions in memory: a random id in an HttpOnly cookie, a CSRF token per session, idle expiry. */
public final class Sessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration IDLE = Duration.ofHours(8);

    public record Session(String id, ConsoleSettings.User user, String csrf, Instant lastSeen) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public Session open(ConsoleSettings.User user) {
        Session s = new Session(token(), user, token(), Instant.now());
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session s = sessions.get(id);
        if (s == null || s.lastSeen().plus(IDLE).isBefore(Instant.now())) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.user(), s.csrf(), Instant.now());
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
