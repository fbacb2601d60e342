package nl.edigate.service;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;

/**
 * What `serve` does beside the schedule, each on its own timer: carry out the resends handed over
 * (every second), retry what failed for a transient reason ({@code service.retry-check}), look for
 * problems and alert ({@code alerts.check-interval}). A task that fails is logged and runs again at its
 * next time; none stops the others.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private static final Duration RESEND_POLL = Duration.ofSeconds(1);

    private final SelfHealing healing;
    private final Alerts alerts;
    private final ProblemWatch watch;
    private final HandedOverResends resends;
    private final Health health;
    private final ScheduledExecutorService timers;
    private final java.util.function.BooleanSupplier owns;

    /**
     * @param owns whether this process still owns delivery (its lease): resends and retries wait while not
     */
    public Service(GatewayConfig config, Ledger ledger, GatewayRuntime runtime, Clock clock, String leaseOwner,
                   java.util.function.BooleanSupplier owns) {
        this.owns = owns;
        this.healing = new SelfHealing(config, ledger, runtime.nightlyRun(), clock);
        this.watch = new ProblemWatch(config, ledger, healing, clock, runtime.nightlyRun()::lastNightly,
                runtime.accessPoint() == null ? null : runtime.accessPoint().certificate(),
                runtime.collectionFailures()::failing);
        this.alerts = new Alerts(ledger, AlertRoutes.of(config).senders(), watch, clock, config.service().maxAlertsPerHour());
        this.resends = new HandedOverResends(config, ledger, runtime.nightlyRun(), clock, leaseOwner);
        this.health = new Health(config, ledger, healing, watch, clock);
        this.timers = Executors.newScheduledThreadPool(2, DaemonThreads.named("edigate-service"));
        every(RESEND_POLL, "handed-over resends", () -> {
            if (owns.getAsBoolean()) {
                resends.pass();
            }
        });
        // at once, then on its interval: what a night left FAILED is planned (and shown) as soon as serve is up
        every(config.service().retryCheck(), "automatic retries", () -> {
            if (owns.getAsBoolean()) {
                healing.pass();
            }
        });
        every(config.service().alertCheck(), "alerts", alerts::pass);
        // the retention policy a minute after start, then once a day
        timers.scheduleWithFixedDelay(() -> {
            try {
                Retention.apply(ledger, config.service(), clock, false);
            } catch (RuntimeException e) {
                LOG.error("retention failed; tried again tomorrow", e);
            }
        }, 1, 24 * 60, TimeUnit.MINUTES);
    }

    private void every(Duration interval, String what, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("{} failed; tried again in {}", what, interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public SelfHealing healing() {
        return healing;
    }

    public ProblemWatch problems() {
        return watch;
    }

    public Health health() {
        return health;
    }

    public Alerts alerts() {
        return alerts;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        try {
            timers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (owns.getAsBoolean()) {
            try {
                // nobody retries by itself once this serve is gone: show and the console must not say it will
                healing.forgetPlans();
            } catch (RuntimeException e) {
                LOG.warn("could not withdraw the planned automatic retries: {}", e.getMessage());
            }
        }
    }
}
