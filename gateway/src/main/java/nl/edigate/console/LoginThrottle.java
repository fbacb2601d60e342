package nl.edigate.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The brake on guessing passwords: after {@link #FREE} failed logins for one user name, or from one
 * address, every further try waits a time that doubles with each failure (1 s, 2 s, 4 s ... at most
 * 15 minutes); a success for the pair clears the user's count. Failures older than the window are
 * forgotten. Kept in memory: a restart forgets, which only helps the one who knows the password.
 */
public final class LoginThrottle {
    static final int FREE = 5;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration WINDOW = Duration.ofHours(1);
    /** Bounded memory: beyond this many tracked names or addresses the oldest entries are dropped. */
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this user or this address must still wait before a login is looked at; zero when free. */
    public Duration waitFor(String user, String address) {
        Duration a = wait(byUser.get(user));
        Duration b = wait(byAddress.get(address));
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** @return the number of failures now counted against the user */
    public int failed(String user, String address) {
        Instant now = clock.instant();
        trim(byUser);
        trim(byAddress);
        byAddress.merge(address, new Failures(1, now), (o, n) -> new Failures(fresh(o) ? o.count() + 1 : 1, now));
        return byUser.merge(user, new Failures(1, now), (o, n) -> new Failures(fresh(o) ? o.count() + 1 : 1, now)).count();
    }

    public void succeeded(String user, String address) {
        byUser.remove(user);
        byAddress.remove(address);
    }

    private boolean fresh(Failures f) {
        return f.last().plus(WINDOW).isAfter(clock.instant());
    }

    private Duration wait(Failures f) {
        if (f == null || f.count() < FREE || !fresh(f)) {
            return Duration.ZERO;
        }
        Duration penalty = Duration.ofSeconds(1L << Math.min(20, f.count() - FREE));
        if (penalty.compareTo(MAX_WAIT) > 0) {
            penalty = MAX_WAIT;
        }
        Duration left = Duration.between(clock.instant(), f.last().plus(penalty));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void trim(Map<String, Failures> m) {
        if (m.size() > MAX_TRACKED) {
            m.entrySet().removeIf(e -> !fresh(e.getValue()));
            if (m.size() > MAX_TRACKED) {
                m.clear(); // a flood of names: forget rather than grow without end
            }
        }
    }
}
