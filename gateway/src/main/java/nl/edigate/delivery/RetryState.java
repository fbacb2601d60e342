package nl.edigate.delivery;

import java.time.Duration;

import nl.edigate.config.RetryPolicy;

/**
 * What to do after a failed attempt at one document (or one file of several): try again, when, or give
 * up, with the text recorded. A 401 gets one fresh token and one more try; a 429 waits as asked (up to a
 * limit); a transient error backs off, where a Retry-After the server gave (its maintenance window)
 * counts against the time we give it, not against the attempts; anything else is the last attempt.
 */
final class RetryState {
    /** The decision: whether this was the last attempt, the failure as recorded, how long to wait first. */
    record Decision(boolean last, Failure failure, String error, long waitMillis, boolean renewToken) {
    }

    private final RetryPolicy retry;
    private final Duration maxRetryAfter;
    private boolean tokenRenewed;
    private int transientFailures;
    private Duration toldToWait = Duration.ZERO;
    private int rateLimited;

    RetryState(RetryPolicy retry, Duration maxRetryAfter) {
        this.retry = retry;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** How many attempts a passing (transient) error gets. */
    int maxAttempts() {
        return retry.maxAttempts();
    }

    Decision after(Failure f, int attempt) {
        String error = f.kind() + ": " + f.message();
        switch (f.kind()) {
            case TOKEN_EXPIRED -> {
                // a new token, and one more try at once; a second 401 is an authentication problem
                if (tokenRenewed) {
                    Failure auth = new Failure(Failure.Kind.AUTHENTICATION, "401 again with a fresh token: " + f.message(),
                            null, f.response());
                    return new Decision(true, auth, auth.kind() + ": " + auth.message(), 0, false);
                }
                tokenRenewed = true;
                return new Decision(false, f, error, 0, true);
            }
            case RATE_LIMITED -> {
                rateLimited++;
                Duration wait = f.retryAfter() != null ? f.retryAfter() : retry.backoffBefore(rateLimited + 1);
                boolean last = wait.compareTo(maxRetryAfter) > 0 || rateLimited > retry.maxAttempts();
                if (last) {
                    error = error + " (Retry-After " + wait.toSeconds() + " s is beyond what we wait, or asked "
                            + rateLimited + " times)";
                }
                return new Decision(last, f, error, wait.toMillis(), false);
            }
            case TRANSIENT -> {
                Duration backoff = retry.backoffBefore(transientFailures + 2);
                Duration asked = f.retryAfter();
                boolean last;
                if (asked != null && asked.compareTo(maxRetryAfter) <= 0
                        && toldToWait.plus(asked).compareTo(maxRetryAfter.multipliedBy(2)) <= 0) {
                    // the server said when to come back (its maintenance window): that is no failure
                    // of ours to count against the attempts, only against the time we give it
                    toldToWait = toldToWait.plus(asked);
                    last = false;
                } else {
                    transientFailures++;
                    last = transientFailures >= retry.maxAttempts();
                    if (last) {
                        error = error + " (" + attempt + " attempts in this run"
                                + (asked == null ? "" : ", " + toldToWait.toSeconds() + " s of them as Retry-After asked")
                                + ")";
                    }
                }
                // never before the Retry-After has passed
                long wait = asked != null && asked.compareTo(backoff) > 0 ? asked.toMillis() : backoff.toMillis();
                return new Decision(last, f, error, wait, false);
            }
            default -> {
                return new Decision(true, f, error, 0, false);
            }
        }
    }
}
