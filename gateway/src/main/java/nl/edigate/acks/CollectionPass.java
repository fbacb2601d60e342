package nl.edigate.acks;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import nl.edigate.report.AckTally;

/**
 * One collection pass over a client's acknowledgements: polls (each poll hands every file on the server
 * to {@link AcknowledgementReader#receive}, which records it before the file is deleted) until a poll finds
 * nothing new or something failed. The limit is on silence, not on the pass: a big night's 5,000 files
 * take as long as they take, but a server that stops answering (JSch waits for a reply for ever once
 * connected) ends the pass after the silence limit without a file, with the reason. One pass at a time
 * per client.
 */
public final class CollectionPass {
    private CollectionPass() {
    }

    public static AckTally run(AcknowledgementReader acks, Runnable poll, Duration silence) {
        return run(acks, poll, silence, System::nanoTime);
    }

    /** As above, silence measured on the given clock (a test's, which it moves by hand). */
    static AckTally run(AcknowledgementReader acks, Runnable poll, Duration silence, LongSupplier nanoTime) {
        synchronized (acks) {
            AckTally t = new AckTally();
            acks.tally(t);
            ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "acknowledgement-pass");
                thread.setDaemon(true);
                return thread;
            });
            try {
                long before;
                do {
                    before = t.collected();
                    if (!pollWithin(worker.submit(poll), t, silence, nanoTime)) {
                        break;
                    }
                } while (t.collected() > before && t.failure() == null);
                return t;
            } finally {
                worker.shutdownNow();
                acks.tally(null);
            }
        }
    }

    /** Waits for one poll while files keep coming; false when the server went silent for the limit. */
    private static boolean pollWithin(Future<?> poll, AckTally t, Duration silence, LongSupplier nanoTime) {
        long seen = t.collected();
        long quietSince = nanoTime.getAsLong();
        while (true) {
            try {
                poll.get(Math.min(silence.toMillis(), 1000), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                if (t.collected() != seen) {
                    seen = t.collected();
                    quietSince = nanoTime.getAsLong();
                } else if (nanoTime.getAsLong() - quietSince >= silence.toNanos()) {
                    poll.cancel(true);
                    if (t.failure() == null) {
                        t.failed("no answer from the SFTP server for " + (silence.toMillis() >= 1000
                                ? silence.toSeconds() + " s" : silence.toMillis() + " ms"));
                    }
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                poll.cancel(true);
                t.failed("the acknowledgement pass was interrupted");
                return false;
            } catch (ExecutionException e) {
                t.failed("the acknowledgement poll failed: " + e.getCause());
                return false;
            }
        }
    }
}
