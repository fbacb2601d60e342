package nl.edigate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.GatewayProcess;
import nl.edigate.text.Times;

/**
 * Issue 16: the same night of N orders on a PostgreSQL ledger, by one instance ({@code run}), and by two
 * {@code serve} instances of which the one doing the night is killed with SIGKILL halfway through
 * delivery: the other takes over when the lease runs out (30 s after its last renewal) and finishes the
 * night. Each time is the night's own, from the start of its run in the ledger to the end of the run that
 * finished it; the uploads go to the loopback simulator, whose checks and acknowledgements are off.
 * <p>{@code java -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.TwoInstanceNight [N]}
 */
public final class TwoInstanceNight {
    private TwoInstanceNight() {
    }

    record Night(double seconds, double takeover, long uncertain) {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-two-instances");
        PipelineBenchmark.deleteTree(work);
        Night one = night(work.resolve("one"), n, false);
        Night two = night(work.resolve("two"), n, true);
        System.out.printf("| %,d orders on PostgreSQL | one instance: %.1f s | two instances, the active one killed"
                + " at %,d uploads: %.1f s (the other owned delivery %.1f s after the kill; %d UNCERTAIN) |%n",
                n, one.seconds, n / 2, two.seconds, two.takeover, two.uncertain);
    }

    private static Night night(Path dir, int n, boolean kill) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            client.sftp().setValidate(false);
            client.sftp().setAcknowledge(false);
            String jdbc = postgres.getJdbcUrl("postgres", "postgres");
            Path work = Files.createDirectories(dir.resolve("gw"));
            Path gateway = client.writeConfigFiles(work);
            Files.writeString(gateway, Files.readString(gateway)
                    .replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=" + jdbc)
                    .replaceFirst("(?m)^ledger\\.user=.*$", "ledger.user=postgres")
                    + "\nconsole.enabled=false\ninbox.stable-after=0s\n");
            PipelineBenchmark.generate(work.resolve("inbox/orders_20261125-231000.csv"), n, 7);
            if (!kill) {
                Process p = GatewayProcess.start(gateway, work.resolve("run.log"), client.clientSecret(), "run");
                if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
                    throw new IllegalStateException("the run failed: " + Files.readString(work.resolve("run.log")));
                }
                List<Instant[]> runs = runs(jdbc);
                Instant[] night = runs.get(runs.size() - 1);
                return new Night(seconds(night[0], night[1]), 0, 0);
            }
            // in the gateway's time-zone, as the schedule reads it
            LocalTime at = LocalTime.now(Times.DEFAULT_ZONE).plusSeconds(30).withNano(0);
            Path profile = work.resolve("client.properties");
            Files.writeString(profile, Files.readString(profile).replaceFirst("(?m)^schedule\\.cron=.*$",
                    "schedule.cron=" + at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?"));
            AtomicReference<Process> active = new AtomicReference<>();
            AtomicReference<Instant> killedAt = new AtomicReference<>();
            AtomicInteger uploads = new AtomicInteger();
            client.sftp().onUploadStarting(f -> {
                if (uploads.incrementAndGet() == n / 2) {
                    killedAt.set(Instant.now());
                    active.get().destroyForcibly();
                }
            });
            Path alphaLog = work.resolve("alpha.log");
            Path betaLog = work.resolve("beta.log");
            Process alpha = GatewayProcess.startAs("alpha", gateway, alphaLog, client.clientSecret(), "serve");
            active.set(alpha);
            Process beta = null;
            try {
                waitFor(() -> Files.readString(alphaLog).contains("delivery: owned by"), alpha, alphaLog);
                Process b = GatewayProcess.startAs("beta", gateway, betaLog, client.clientSecret(), "serve");
                beta = b;
                waitFor(() -> Files.readString(betaLog).contains("standby:"), b, betaLog);
                alpha.waitFor();
                waitFor(() -> runs(jdbc).stream().anyMatch(r -> r[1] != null && r[0].isAfter(killedAt.get())), b, betaLog);
                List<Instant[]> runs = runs(jdbc);
                Instant start = runs.stream().filter(r -> r[1] == null).findFirst().orElseThrow()[0];
                Instant end = runs.get(runs.size() - 1)[1];
                return new Night(seconds(start, end), seconds(killedAt.get(), leaseAcquired(jdbc)),
                        count(jdbc, "SELECT COUNT(*) FROM document_state WHERE status = 'UNCERTAIN'"));
            } finally {
                alpha.destroyForcibly();
                if (beta != null) {
                    beta.destroy();
                    beta.waitFor();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean met() throws Exception;
    }

    /** Waits (polling the ledger or a log, 4 times a second) while the process lives. */
    private static void waitFor(Condition c, Process p, Path log) throws Exception {
        while (!c.met()) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the instance ended: " + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    /** The night runs (start, end; end null for one that never finished), oldest first. */
    private static List<Instant[]> runs(String jdbc) throws Exception {
        List<Instant[]> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT started_at, finished_at FROM gateway_run"
                     + " WHERE kind IN ('run', 'scheduled', 'catch-up') ORDER BY id")) {
            while (rs.next()) {
                runs.add(new Instant[] {rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2) == null ? null : rs.getTimestamp(2).toInstant()});
            }
        }
        return runs;
    }

    private static Instant leaseAcquired(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT acquired_at FROM delivery_lease WHERE name = 'delivery'")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
