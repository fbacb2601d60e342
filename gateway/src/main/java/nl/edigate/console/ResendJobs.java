package nl.edigate.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import nl.edigate.operators.OperatorService;

/**
 * The console's resends: a preview hands out a one-time token for exactly the documents it showed;
 * confirming takes the token (a second submit of the same form finds none and resends nothing) and
 * starts the resend in the background, never inside the request; the browser is sent to the job's
 * page, which shows its progress and then its result.
 */
final class ResendJobs implements AutoCloseable {
    private static final Duration OFFER_LIFETIME = Duration.ofMinutes(30);

    /** What a preview showed and the confirmation may carry out, once. */
    record Plan(String sessionId, List<Long> pks, boolean rerender, boolean force, String reason, String selection,
                Instant offeredAt) {
    }

    /** One resend under way or done. */
    static final class Job {
        final long id;
        final String user;
        volatile String progress = "starting";
        volatile Outcome outcome;
        volatile String failure;

        Job(long id, String user) {
            this.id = id;
            this.user = user;
        }

        boolean done() {
            return outcome != null || failure != null;
        }
    }

    /** The work of one job: reports progress, returns what the resend did. */
    interface Work {
        Outcome run(Consumer<String> progress);
    }

    /** A resend done, and the one document it was about (null for a selection). */
    record Outcome(OperatorService.Done done, Long document) {
    }

    private final Map<String, Plan> offers = new ConcurrentHashMap<>();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "console-resend");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;

    ResendJobs(Clock clock) {
        this.clock = clock;
    }

    String offer(Plan plan) {
        Instant now = clock.instant();
        offers.values().removeIf(p -> p.offeredAt().plus(OFFER_LIFETIME).isBefore(now));
        String token = Sessions.token();
        offers.put(token, plan);
        return token;
    }

    /** The plan of this token, once: taken away so that it cannot be confirmed twice. */
    Optional<Plan> take(String token, String sessionId) {
        if (token == null) {
            return Optional.empty();
        }
        Plan p = offers.remove(token);
        if (p == null || !p.sessionId().equals(sessionId) || p.offeredAt().plus(OFFER_LIFETIME).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(p);
    }

    Job start(String user, Work work) {
        Job job = new Job(ids.incrementAndGet(), user);
        jobs.put(job.id, job);
        worker.submit(() -> {
            try {
                job.outcome = work.run(p -> job.progress = p);
            } catch (RuntimeException e) {
                job.failure = "the resend failed: " + e.getMessage();
            }
        });
        return job;
    }

    Optional<Job> job(long id) {
        return Optional.ofNullable(jobs.get(id));
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
