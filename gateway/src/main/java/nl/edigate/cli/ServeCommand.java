package nl.edigate.cli;

import java.io.PrintWriter;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.console.ConsoleSettings;
import nl.edigate.console.Serve;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.DeliveryLease;
import nl.edigate.run.NightlyRun;
import nl.edigate.text.Times;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Stays up and performs the nightly run on the client profiles' cron schedules.",
                "A run missed while the gateway was down is caught up at start. On SIGTERM the document",
                "in flight is finished, the rest stays ready for the next run, and the process exits.",
                "While another serve owns delivery (several instances on one PostgreSQL ledger), this one",
                "waits as a standby and takes over when that one ends or stops renewing its lease."})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Gateway.guarded(spec.commandLine().getErr(), () -> {
            GatewayConfig cfg = Gateway.load(config.file);
            Map<CronExpression, String> schedules = new LinkedHashMap<>();
            cfg.schedules().forEach((expression, clients) -> schedules.put(cron(expression, cfg.zone()),
                    String.join(",", clients)));
            ConsoleSettings consoleSettings = ConsoleSettings.from(config.file);
            Ledger ledger = Gateway.openLedger(cfg);
            AtomicBoolean stopping = new AtomicBoolean();
            AtomicReference<Serve> serving = new AtomicReference<>();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                synchronized (serving) {
                    stopping.set(true);
                    LOG.info("stopping: finishing the document in flight");
                    if (serving.get() != null) {
                        serving.get().close();
                    }
                }
                ledger.close();
                stopped.countDown();
            }, "edigate-shutdown"));
            Optional<DeliveryLease> lease = DeliveryLease.await(ledger, "serve", stopping::get, standby -> {
                LOG.info(standby);
                out.println(standby);
                out.flush();
            });
            Serve serve;
            synchronized (serving) {
                if (lease.isEmpty() || stopping.get()) {
                    lease.ifPresent(DeliveryLease::close);
                    serve = null;
                } else {
                    serve = new Serve(cfg, ledger, consoleSettings, cfg.clock(), lease.get());
                    serving.set(serve);
                    out.println("delivery: owned by this instance, " + lease.get().owner());
                    out.flush();
                }
            }
            if (serve == null) {
                stopped.await();
                return Gateway.OK;
            }
            GatewayRuntime runtime = serve.runtime();
            // every run's report goes to the journal (scheduled, catch-up, retry, resend), and every
            // acknowledgement pass that had something to tell, in one line
            runtime.nightlyRun().onFinished(report -> {
                synchronized (out) {
                    out.print(report.toText());
                    out.flush();
                }
            });
            runtime.onScheduledAcknowledgements(t -> {
                synchronized (out) {
                    out.println("acknowledgement pass " + Times.format(Instant.now()) + ": " + t.summary());
                    out.flush();
                }
            });
            if (serve.consolePort() > 0) {
                out.println("console: http://" + consoleSettings.address() + ":" + serve.consolePort() + "/");
                out.flush();
            }
            Optional<Instant> lastRun = ledger.lastFinishedRunStart();
            // the last night started and never finished: its process died (this one holds the lease now)
            boolean leftUnfinished = ledger.lastRun(NightlyRun.NIGHTLY_KINDS, false)
                    .map(r -> r.finishedAt() == null).orElse(false);
            for (Map.Entry<CronExpression, String> s : schedules.entrySet()) {
                LOG.info("serving; next run for {} at {}", s.getValue(), s.getKey().getNextValidTimeAfter(new Date()));
                if (leftUnfinished || missedRun(lastRun, s.getKey(), Instant.now())) {
                    LOG.info("a scheduled run for {} was missed while no instance was serving, or left unfinished by one that stopped: catching up now", s.getValue());
                    runtime.runNow("catch-up", s.getValue()); // its report goes to the journal as every run's
                }
            }
            stopped.await();
            return Gateway.OK;
        });
    }

    static CronExpression cron(String expression) {
        return cron(expression, ZoneId.systemDefault());
    }

    /** The schedule's cron in the gateway's time-zone, as the schedule's route reads it. */
    static CronExpression cron(String expression, ZoneId zone) {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return cron;
        } catch (ParseException e) {
            throw new ConfigException("schedule.cron '" + expression + "' is not a Quartz cron expression: " + e.getMessage());
        }
    }

    /** True when a scheduled time lies between the last run and now. No run ever: nothing was missed. */
    static boolean missedRun(Optional<Instant> lastRun, CronExpression cron, Instant now) {
        if (lastRun.isEmpty()) {
            return false;
        }
        Date next = cron.getNextValidTimeAfter(Date.from(lastRun.get()));
        return next != null && next.toInstant().isBefore(now);
    }
}
