package nl.edigate.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.concurrent.DaemonThreads;

/**
 * What H2's own background writer would do for an embedded ledger file, which it does not start when every
 * commit is written before it returns (WRITE_DELAY=0, {@link LedgerDatabase#durable}): once a second the
 * file is forced to the disk and the chunks that became sparse are rewritten, so that their space can be
 * used again.
 * <p>Why: H2 writes each commit as a new chunk and may reuse a replaced chunk's space only after its
 * retention time (45 s by default, the time a file system is assumed to take to write its buffers out by
 * itself). At one commit per delivered document that kept some 45 s of commits on the disk, never rewrote
 * the sparse chunks, and the file grew to 7.5 GB over 100,000 deliveries, each commit slower than the last
 * as H2 searched a longer file for free space (LedgerBenchmark: 0.53 ms per delivery at 50,000, 0.88 ms at
 * 100,000). Forced to the disk every second, a chunk is on the disk long before its space can be reused
 * after the 5 s retention set here; the file then stays near 2 GB and the cost per delivery flat (0.47 ms
 * at 50,000, 0.49 ms at 100,000).
 * <p>Only in the process that holds the file (its sessions are local): H2's MVStore is reached through the
 * session, and when that fails (another H2 version), nothing changes: no thread, and H2's own retention.
 */
final class H2Housekeeping implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(H2Housekeeping.class);
    /** How long a replaced chunk is kept before its space is reused: five times the interval of the forced writes. */
    static final int RETENTION_MS = 5_000;
    private static final long INTERVAL_MS = 1_000;
    /** The first round: a command that is over by then (an empty run, say) leaves the file to H2's close. */
    private static final long FIRST_ROUND_MS = 3_000;
    /** Chunks are rewritten when less than this share of them is still in use (H2's own default). */
    private static final int TARGET_FILL_RATE = 90;
    /** At most this much rewritten a second, so that commits never wait long for the store. */
    private static final int REWRITE_BYTES = 4 << 20;

    /** H2's own retention (its documented default), back in force when the forced writes stop. */
    static final int H2_RETENTION_MS = 45_000;

    private final MVStore store;
    /** Whether the retention is ours to set (not named in the ledger's URL). */
    private final boolean setsRetention;
    private final ScheduledExecutorService thread;
    private final AtomicLong rounds = new AtomicLong();
    /** Whether the last round failed: a failure is logged once, not every second. */
    private boolean failing;

    private H2Housekeeping(MVStore store, boolean setsRetention) {
        this.store = store;
        this.setsRetention = setsRetention;
        this.thread = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("edigate-ledger-housekeeping"));
        thread.scheduleWithFixedDelay(this::round, FIRST_ROUND_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Housekeeping for the H2 file this connection holds, or null when it is not such a file.
     *
     * @param setsRetention false when the ledger's URL names its own RETENTION_TIME
     */
    static H2Housekeeping start(Connection keeper, boolean setsRetention) {
        try {
            if (!keeper.isWrapperFor(JdbcConnection.class)) {
                return null;
            }
            Session session = keeper.unwrap(JdbcConnection.class).getSession();
            if (!(session instanceof SessionLocal local) || local.getDatabase().getStore() == null) {
                return null; // served by another process (that one keeps the file), or in memory
            }
            MVStore store = local.getDatabase().getStore().getMvStore();
            if (store.getFileStore() == null || store.isReadOnly()) {
                return null;
            }
            return new H2Housekeeping(store, setsRetention);
        } catch (SQLException | RuntimeException | LinkageError e) {
            LOG.warn("ledger: H2's file is kept by H2's own settings ({})", e.toString());
            return null;
        }
    }

    private void round() {
        try {
            if (store.isClosed()) {
                return;
            }
            store.sync();
            if (setsRetention && store.getRetentionTime() != RETENTION_MS) {
                // only once the file is forced to the disk every second may replaced chunks go after 5 s
                store.setRetentionTime(RETENTION_MS);
            }
            store.compact(TARGET_FILL_RATE, REWRITE_BYTES);
            // the rewritten pages, and the chunks whose space has become free, are written with a commit
            store.commit();
            rounds.incrementAndGet();
            failing = false;
        } catch (RuntimeException e) {
            if (!store.isClosed()) {
                // without the forced writes, a replaced chunk waits for as long as H2 waits by itself
                keepH2Retention();
                if (!failing) {
                    LOG.warn("ledger: housekeeping of the H2 file failed, H2's own retention applies: {}",
                            e.getMessage());
                }
                failing = true;
            }
        }
    }

    /** Completed rounds (forced write and rewrite), for the tests. */
    long rounds() {
        return rounds.get();
    }

    MVStore store() {
        return store;
    }

    /** The share of the live chunks' space still in use, in percent. */
    int chunksFillRate() {
        return store.getFileStore().getChunksFillRate();
    }

    /**
     * Stops the rounds before the file is closed, letting a running one finish: never interrupted, for an
     * interrupt during a file operation would close H2's file channel under it.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // another connection of this process may keep the file open after this one: without forced writes
        keepH2Retention();
    }

    private void keepH2Retention() {
        if (setsRetention && !store.isClosed()) {
            store.setRetentionTime(H2_RETENTION_MS);
        }
    }
}
