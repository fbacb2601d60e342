package nl.edigate.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerInUseException;
import nl.edigate.text.Times;

/**
 * One process owns delivery at a time (intake, delivery, acknowledgements, resends): it holds the
 * ledger's delivery lease, renews it every {@link #TTL}/3 while it lives and gives it back when it ends.
 * A crashed owner cannot hold it for ever: the lease expires {@link #TTL} after its last renewal, and an
 * owner on this machine whose process is gone is replaced at once. Read-only commands take no lease.
 *
 * <p>Several `serve` instances on one PostgreSQL ledger (on different machines) are active and standby:
 * the one that holds the lease runs the schedule, delivery and acknowledgements, the others {@link #await}
 * it and the first to find it free or expired takes over, within {@link #TTL} plus {@link #STANDBY_POLL}
 * of the owner's last renewal, and catches up the night it left unfinished. Their clocks must agree
 * (NTP) to well under the lease's length.
 */
public final class DeliveryLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLease.class);
    public static final Duration TTL = Duration.ofSeconds(30);
    /** How often a standby instance asks for the lease. */
    public static final Duration STANDBY_POLL = Duration.ofSeconds(2);
    private static final Pattern OWNER = Pattern.compile("^(\\S+) \\(pid (\\d+) on (\\S+), [0-9a-f]+\\)$");

    private final Ledger ledger;
    private final String owner;
    private final ScheduledExecutorService renewal;
    private volatile boolean lost;
    private volatile Runnable onLost = () -> { };

    private final Duration ttl;

    private DeliveryLease(Ledger ledger, String owner, Duration ttl) {
        this.ttl = ttl;
        this.ledger = ledger;
        this.owner = owner;
        this.renewal = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("edigate-lease"));
        long every = ttl.toMillis() / 3;
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease for {@code kind} (serve, run, resend, demo), or refuses naming who holds it and until
     * when.
     */
    public static DeliveryLease take(Ledger ledger, String kind) {
        return take(ledger, kind, TTL);
    }

    /** As {@link #take(Ledger, String)}, for a lease of another length (tests). */
    static DeliveryLease take(Ledger ledger, String kind, Duration ttl) {
        return takeAs(ledger, newOwner(kind), ttl);
    }

    private static String newOwner(String kind) {
        return kind + " (pid " + ProcessHandle.current().pid() + " on " + host() + ", "
                + UUID.randomUUID().toString().substring(0, 8) + ")";
    }

    /**
     * Standby: waits until this process can take the lease for {@code kind}, asking every
     * {@link #STANDBY_POLL}; {@code standby} is told once, with who holds it. Returns empty when
     * {@code stopping} became true first (the process is being stopped).
     */
    public static Optional<DeliveryLease> await(Ledger ledger, String kind, BooleanSupplier stopping,
                                                Consumer<String> standby) throws InterruptedException {
        return await(ledger, kind, TTL, STANDBY_POLL, stopping, standby);
    }

    static Optional<DeliveryLease> await(Ledger ledger, String kind, Duration ttl, Duration poll,
                                         BooleanSupplier stopping, Consumer<String> standby)
            throws InterruptedException {
        String owner = newOwner(kind);
        boolean told = false;
        while (!stopping.getAsBoolean()) {
            try {
                DeliveryLease lease = takeAs(ledger, owner, ttl);
                if (told) {
                    LOG.warn("{} took over delivery: the owner before it ended or stopped renewing its lease", owner);
                }
                return Optional.of(lease);
            } catch (LedgerInUseException e) {
                if (!told) {
                    standby.accept("standby: " + e.getMessage().replaceFirst("; .*$", "")
                            + "; taking over when it ends or its lease runs out");
                    told = true;
                }
            } catch (RuntimeException e) {
                if (stopping.getAsBoolean()) {
                    break;
                }
                LOG.warn("standby: the ledger could not be asked for the delivery lease: {}", e.getMessage());
            }
            Thread.sleep(poll.toMillis());
        }
        return Optional.empty();
    }

    private static DeliveryLease takeAs(Ledger ledger, String owner, Duration ttl) {
        Instant now = Instant.now();
        if (!ledger.acquireLease(owner, ttl, now)) {
            Optional<Ledger.Lease> holder = ledger.leaseHolder(now);
            if (holder.isPresent() && deadHere(holder.get().owner())) {
                LOG.warn("the delivery lease of {} is taken over: that process has ended", holder.get().owner());
                ledger.releaseLease(holder.get().owner());
            }
            if (!ledger.acquireLease(owner, ttl, Instant.now())) {
                throw new LedgerInUseException(holder.map(h -> "delivery is owned by another edigate process, "
                        + h.owner() + ", since " + Times.format(h.acquiredAt()) + "; "
                        + (kindOf(h.owner()).equals("serve") ? "a resend is handed to it; use its console or `resend`"
                        : "try again when it has finished")).orElse("delivery is owned by another edigate process"),
                        null);
            }
        }
        LOG.info("delivery lease taken by {}", owner);
        return new DeliveryLease(ledger, owner, ttl);
    }

    /** The process kind of a lease owner (serve, run, resend, demo). */
    public static String kindOf(String owner) {
        Matcher m = OWNER.matcher(owner);
        return m.matches() ? m.group(1) : owner;
    }

    /** Whether the owner is a process of this machine that no longer exists. */
    public static boolean deadHere(String owner) {
        Matcher m = OWNER.matcher(owner);
        return m.matches() && m.group(3).equals(host()) && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty();
    }

    /** Whether the lease is held by a living `serve` (to which a resend can be handed). */
    public static Optional<Ledger.Lease> heldByServe(Ledger ledger) {
        return ledger.leaseHolder(Instant.now())
                .filter(h -> kindOf(h.owner()).equals("serve") && !deadHere(h.owner()));
    }

    public String owner() {
        return owner;
    }

    /** True when another process took the lease because ours was not renewed in time (a long pause). */
    public boolean lost() {
        return lost;
    }

    /** What to do when the lease is lost: stop delivering, for another process owns delivery now. */
    public void onLost(Runnable action) {
        this.onLost = action;
    }

    private void renew() {
        try {
            if (!lost && !ledger.acquireLease(owner, ttl, Instant.now())) {
                lost = true;
                LOG.error("the delivery lease was taken by another process: {} no longer owns delivery and stops"
                        + " delivering; restart it to take part again", owner);
                onLost.run();
            }
        } catch (RuntimeException e) {
            LOG.warn("the delivery lease could not be renewed: {}", e.getMessage());
        }
    }

    /**
     * This instance's name, as leases, alerts and health name it: the environment variable
     * EDIGATE_INSTANCE when set (two instances on one machine), the machine's name otherwise.
     */
    public static String host() {
        String instance = System.getenv("EDIGATE_INSTANCE");
        if (instance != null && !instance.isBlank()) {
            return instance.strip().replaceAll("\\s+", "_");
        }
        try {
            return InetAddress.getLocalHost().getHostName().replace(' ', '_');
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    public void close() {
        renewal.shutdownNow();
        try {
            ledger.releaseLease(owner);
        } catch (RuntimeException e) {
            LOG.warn("the delivery lease could not be given back (it expires by itself): {}", e.getMessage());
        }
    }
}
