package nl.edigate.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.config.RetryPolicy;
import nl.edigate.ledger.Ledger;
import nl.edigate.report.RunReport;

/**
 * Delivers what the ledger says is ready, one document at a time over each lane (a session of the
 * client's; two where its server allows two and both are free). Every attempt is a
 * ledger row; transient errors are retried with back-off, permanent ones fail at once, and an error
 * that concerns the whole client (host key, authentication, permission, a server that stays away)
 * stops the batch: the rest is marked FAILED with the reason, never silently left behind. Documents of a
 * format that puts several in one file (an EDIFACT interchange) go as one file, every attempt a row for
 * each of them.
 * The work of one lane (the attempt loop, the ledger bookkeeping) is {@link Lane}; the retry decision
 * is {@link RetryState}.
 */
public final class Delivery {
    private final Ledger ledger;
    private final RetryPolicy retry;
    private final Duration maxRetryAfter;
    private final Sleeper sleeper;
    private volatile boolean stopRequested;
    private volatile Consumer<String> progress = p -> { };
    /** How long after delivery the client's acknowledgement is due; null when the channel gets none. */
    private Duration ackWithin;

    /** The documents of this delivery get an acknowledgement, due this long after delivery. */
    public Delivery acknowledgedWithin(Duration within) {
        this.ackWithin = within;
        return this;
    }

    /** Where to say how far a long batch has come (every 1000 documents). */
    public void onProgress(Consumer<String> listener) {
        this.progress = listener == null ? p -> { } : listener;
    }

    public Delivery(Ledger ledger, RetryPolicy retry) {
        this(ledger, retry, Duration.ofMinutes(15));
    }

    public Delivery(Ledger ledger, RetryPolicy retry, Duration maxRetryAfter) {
        this(ledger, retry, maxRetryAfter, Sleeper.REAL);
    }

    public Delivery(Ledger ledger, RetryPolicy retry, Duration maxRetryAfter, Sleeper sleeper) {
        this.ledger = ledger;
        this.retry = retry;
        this.maxRetryAfter = maxRetryAfter;
        this.sleeper = sleeper;
    }

    /** Asks a running batch to finish the document in flight and stop; the rest stays READY. */
    public void requestStop() {
        stopRequested = true;
    }

    public void deliver(long runId, String clientId, String docType, Channel channel, RunReport.Section section) {
        deliver(runId, clientId, docType, List.of(channel), () -> section);
    }

    /**
     * What the ledger holds as ready for this client, over the first lane and, for documents that go a file
     * each, over the others too while the client's server has a session free for them (each lane is one
     * session, taken when the batch starts and given back at its end); the report section is made only
     * when there is something to deliver.
     *
     * @param stoppedBefore why delivery to this client stopped earlier in the run (the rest is then not
     *                      attempted), or null
     * @return why delivery to this client stopped, or null
     */
    public String deliver(long runId, String clientId, String docType, List<? extends Channel> lanes,
                          Supplier<RunReport.Section> section, String stoppedBefore) {
        List<Long> waiting = ledger.deliverableKeys(clientId, docType);
        if (waiting.isEmpty()) {
            return stoppedBefore;
        }
        AtomicInteger next = new AtomicInteger();
        Pages pages = () -> {
            int from = next.getAndIncrement() * PAGE;
            return from >= waiting.size() ? null : waiting.subList(from, Math.min(waiting.size(), from + PAGE));
        };
        Batch batch = new Batch(runId, pages, waiting.size(), section.get(), stoppedBefore);
        return deliver(batch, lanes, waiting.size() > PAGE);
    }

    public void deliver(long runId, String clientId, String docType, List<? extends Channel> lanes,
                        Supplier<RunReport.Section> section) {
        deliver(runId, clientId, docType, lanes, section, null);
    }

    /**
     * Documents as intake stores them (pages that come while it goes on, null at its end): the sessions are
     * taken when the first page comes, all the lanes the client's server allows.
     *
     * @return why delivery to this client stopped, or null
     */
    public String deliverAsStored(long runId, List<? extends Channel> lanes, Pages stored,
                                  Supplier<RunReport.Section> section) {
        List<Long> first = stored.next();
        if (first == null) {
            return null;
        }
        AtomicBoolean firstTaken = new AtomicBoolean();
        Pages pages = () -> firstTaken.compareAndSet(false, true) ? first : stored.next();
        return deliver(new Batch(runId, pages, -1, section.get(), null), lanes, true);
    }

    private String deliver(Batch batch, List<? extends Channel> lanes, boolean moreThanOnePage) {
        List<Channel> open = new ArrayList<>();
        try {
            if (!lanes.get(0).openSession(true)) {
                // interrupted while waiting for a session: what waits stays READY
                batch.section().count(RunReport.Figure.LEFT_FOR_NEXT_RUN, Math.max(batch.total, 0));
                return batch.stopReason();
            }
            open.add(lanes.get(0));
            boolean fileEach = lanes.get(0).documentsPerFile() == 1;
            for (int i = 1; i < lanes.size() && fileEach && moreThanOnePage && lanes.get(i).openSession(false); i++) {
                open.add(lanes.get(i));
            }
            run(batch, open);
            return batch.stopReason();
        } finally {
            close(open);
        }
    }

    /** Every lane's session closed, then all given back: the next user of one never meets them still open. */
    private static void close(List<Channel> open) {
        try {
            open.forEach(Channel::endBatch);
        } finally {
            open.forEach(Channel::releaseSession);
        }
    }

    /** The first lane on this thread, the others each on a thread of its own; waits for all of them. */
    private void run(Batch batch, List<Channel> open) {
        if (open.size() == 1) {
            new Lane(this, ledger, open.get(0), batch).run();
            return;
        }
        String name = Thread.currentThread().getName() + "-lane";
        ExecutorService others = Executors.newFixedThreadPool(open.size() - 1, DaemonThreads.named(name));
        List<Future<?>> running = new ArrayList<>();
        RuntimeException failure = null;
        try {
            for (Channel lane : open.subList(1, open.size())) {
                running.add(others.submit(() -> runLane(batch, lane)));
            }
            runLane(batch, open.get(0));
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            for (Future<?> lane : running) {
                try {
                    lane.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestStop();
        } finally {
            others.shutdown();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** A lane that breaks off (the ledger went away) ends the batch for the other lanes too. */
    private void runLane(Batch batch, Channel lane) {
        try {
            new Lane(this, ledger, lane, batch).run();
        } catch (RuntimeException e) {
            batch.abandon();
            throw e;
        }
    }

    /** Documents read from the ledger at a time, payload included: memory does not grow with the batch. */
    static final int PAGE = 200;

    /** Where a batch's document keys come from, a page at a time; safe to ask from several lanes at once. */
    @FunctionalInterface
    public interface Pages {
        /** The next page, or null when there is no more (it may wait for one to come). */
        List<Long> next();
    }

    /**
     * The documents of one delivery, handed out a page at a time to the lanes, and the reason delivery to
     * this client stopped, once one lane has met it: the other lanes then attempt nothing more.
     */
    final class Batch {
        private final long runId;
        private final Pages pages;
        /** How many documents in all, -1 when they are still coming. */
        private final int total;
        private final RunReport.Section section;
        private final AtomicInteger handled = new AtomicInteger();
        private volatile String stopReason;
        private volatile boolean abandoned;

        Batch(long runId, Pages pages, int total, RunReport.Section section, String stoppedBefore) {
            this.runId = runId;
            this.pages = pages;
            this.total = total;
            this.section = section;
            this.stopReason = stoppedBefore;
        }

        long runId() {
            return runId;
        }

        RunReport.Section section() {
            return section;
        }

        /** The next page's keys, or null when every page has been taken. */
        List<Long> nextPage() {
            return abandoned ? null : pages.next();
        }

        void handled(String docType) {
            int done = handled.incrementAndGet();
            if (done % 1000 == 0) {
                progress.accept(done + (total < 0 ? "" : " of " + total) + " " + docType + " documents handled");
            }
        }

        String stopReason() {
            return stopReason;
        }

        synchronized void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        void abandon() {
            abandoned = true;
        }
    }

    boolean stopRequested() {
        return stopRequested;
    }

    Duration ackWithin() {
        return ackWithin;
    }

    RetryState retryState() {
        return new RetryState(retry, maxRetryAfter);
    }

    /** Says what delivery is waiting for (a retry after a failed attempt), where progress is shown. */
    void say(String what) {
        progress.accept(what);
    }

    boolean pause(long millis) {
        return sleeper.sleep(Duration.ofMillis(millis), () -> stopRequested);
    }
}
