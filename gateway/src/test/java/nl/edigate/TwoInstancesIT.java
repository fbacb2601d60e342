package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.GatewayProcess;
import nl.edigate.text.Times;

/**
 * Two `serve` processes on one real PostgreSQL ledger, as two machines run them (instances alpha and
 * beta): the night fires once, on the instance that owns delivery, while the other stands by; the owner
 * is killed with SIGKILL in the middle of delivery; the standby takes over within a minute (its lease ran
 * out: another machine's process cannot be seen to have died), catches up the night left unfinished and
 * finishes it before the deadline; the documents caught mid-upload (one a session: the client allows two)
 * are UNCERTAIN, never sent again by itself; one whose file had arrived is settled by its acknowledgement,
 * the others by an operator's resend handed to the new owner; at the client every document arrived once,
 * and the ledger agrees.
 */
class TwoInstancesIT {
    static final int ORDERS = Integer.getInteger("edigate.ha.orders", 2000);

    @TempDir
    Path dir;

    record RunRow(long id, String kind, Instant started, Instant finished) {
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void theStandbyFinishesTheNightOfAKilledInstanceAndEveryDocumentArrivesOnce() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            client.sftp().setValidate(true);
            client.sftp().setUploadDelay(Duration.ofMillis(2)); // a receiver slow enough to be killed amid
            String jdbc = postgres.getJdbcUrl("postgres", "postgres");
            Path work = Files.createDirectories(dir.resolve("gw"));
            Path gateway = ConfigFiles.write(work, client);
            Files.writeString(gateway, Files.readString(gateway)
                    .replaceFirst("(?m)^ledger\\.jdbc-url=.*$", "ledger.jdbc-url=" + jdbc)
                    .replaceFirst("(?m)^ledger\\.user=.*$", "ledger.user=postgres")
                    + "\nconsole.enabled=false\nacks.poll-interval=2s\n");
            Path log = work.resolve("commands.log");
            String secret = client.clientSecret();

            // an earlier night, finished (empty inbox); then tonight's export and tonight's schedule
            assertThat(GatewayProcess.start(gateway, log, secret, "run").waitFor()).isZero();
            OrdersCsv csv = new OrdersCsv();
            for (int i = 1; i <= ORDERS; i++) {
                csv.addOrder("VO-" + (100000 + i), 1 + i % 3);
            }
            Files.writeString(work.resolve("inbox/orders_20261125-231000.csv"), csv.build());
            // the schedule's and the deadline's times of day are in the gateway's time-zone (the shipped one's)
            ZoneId zone = Times.DEFAULT_ZONE;
            LocalTime night = LocalTime.now(zone).plusSeconds(45).withNano(0);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
            Path profile = work.resolve("client.properties");
            Files.writeString(profile, Files.readString(profile)
                    .replaceFirst("(?m)^schedule\\.cron=.*$", "schedule.cron=" + night.getSecond() + " "
                            + night.getMinute() + " " + night.getHour() + " * * ?")
                    + "\ndelivery.deadline-warning=5m\ndelivery.deadline=" + LocalTime.now(zone).plusMinutes(30).withNano(0).withSecond(0) + "\n");

            AtomicReference<Process> active = new AtomicReference<>();
            AtomicReference<Instant> killedAt = new AtomicReference<>();
            AtomicInteger uploads = new AtomicInteger();
            client.sftp().onUploadStarting(f -> {
                if (uploads.incrementAndGet() == ORDERS / 3) {
                    killedAt.set(Instant.now());
                    active.get().destroyForcibly(); // SIGKILL: no shutdown hook, the lease is not given back
                }
            });
            Path alphaLog = work.resolve("alpha.log");
            Path betaLog = work.resolve("beta.log");
            Process alpha = GatewayProcess.startAs("alpha", gateway, alphaLog, secret, "serve");
            active.set(alpha);
            Process beta = null;
            try {
                // the events: alpha serves (it owns delivery), then beta says it stands by
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !alpha.isAlive() || Files.readString(alphaLog).contains("delivery: owned by"));
                assertThat(Files.readString(alphaLog)).contains("delivery: owned by this instance, serve (pid "
                        + alpha.pid() + " on alpha");
                Process b = GatewayProcess.startAs("beta", gateway, betaLog, secret, "serve");
                beta = b;
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !b.isAlive() || Files.readString(betaLog).contains("standby:"));
                assertThat(Files.readString(betaLog)).contains("standby: delivery is owned by another edigate"
                        + " process, serve (pid " + alpha.pid() + " on alpha");

                // the night fires on alpha, which is killed a third of the way through delivery
                assertThat(alpha.waitFor()).as("killed").isEqualTo(137);
                // beta takes over and finishes the night
                Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !b.isAlive() || runs(jdbc).stream().anyMatch(r -> r.finished() != null
                                && r.started().isAfter(killedAt.get())));
                assertThat(b.isAlive()).as(Files.readString(betaLog)).isTrue();
                String betaText = Files.readString(betaLog);
                assertThat(betaText).contains("delivery: owned by this instance, serve (pid " + b.pid() + " on beta",
                        "took over delivery");
                Instant takenOver = leaseTakenAt(jdbc);
                System.out.println("two instances: beta took over " + Duration.between(killedAt.get(), takenOver)
                        + " after alpha was killed");
                assertThat(Duration.between(killedAt.get(), takenOver)).as("taken over within a minute")
                        .isLessThan(Duration.ofMinutes(1));

                // the night ran once: one fire (alpha's, left unfinished), then beta's catch-up of it
                List<RunRow> nights = runs(jdbc).stream().filter(r -> r.kind().equals("scheduled")
                        || r.kind().equals("catch-up")).toList();
                assertThat(nights).as(nights.toString()).hasSize(2);
                assertThat(nights.get(0).finished()).as("alpha's, killed").isNull();
                assertThat(nights.get(0).kind()).isIn("scheduled", "catch-up");
                assertThat(nights.get(1).kind()).isEqualTo("catch-up");
                assertThat(nights.get(1).finished()).as("before the deadline").isBefore(deadline);
                assertThat(count(jdbc, "SELECT COUNT(*) FROM document")).as("taken in once").isEqualTo(ORDERS);

                // what was caught mid-upload (an upload a session) is UNCERTAIN and was not sent again by
                // itself; one whose file did arrive is settled by its acknowledgement. Once the client has
                // acknowledged every file it took and beta has collected them all, what is still UNCERTAIN
                // never arrived
                try {
                    Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                            .until(() -> !b.isAlive() || settled(jdbc, client));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    System.out.println("two instances: not settled; per status: " + statuses(jdbc) + "; imported: "
                            + imported(client).size());
                    System.out.println(Files.readString(betaLog));
                    throw e;
                }
                List<String> uncertain = uncertainFiles(jdbc);
                System.out.println("two instances: " + uncertain.size() + " UNCERTAIN that never arrived; per status: "
                        + statuses(jdbc));
                assertThat(uncertain).as("the uploads the kill interrupted").isNotEmpty().hasSizeLessThanOrEqualTo(2)
                        .doesNotContainAnyElementsOf(imported(client));
                Process resend = GatewayProcess.start(gateway, work.resolve("resend.log"), secret, "resend",
                        "--status", "UNCERTAIN", "--reason", "after the takeover");
                assertThat(resend.waitFor()).as(Files.readString(work.resolve("resend.log"))).isZero();
                assertThat(Files.readString(work.resolve("resend.log"))).contains("resend: handed to serve (pid "
                        + b.pid() + " on beta");

                // every acknowledgement collected by beta
                try {
                    Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(500))
                            .until(() -> !b.isAlive() || count(jdbc, "SELECT COUNT(*) FROM document_state WHERE status"
                                    + " = 'ACCEPTED'") == ORDERS);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    System.out.println("two instances: not all accepted; per status: " + statuses(jdbc));
                    System.out.println(Files.readString(betaLog));
                    System.out.println(Files.readString(work.resolve("resend.log")));
                    throw e;
                }
                assertThat(b.isAlive()).isTrue();
            } finally {
                alpha.destroyForcibly();
                if (beta != null) {
                    beta.destroy();
                    beta.waitFor();
                }
            }
            String logs = Files.readString(alphaLog) + Files.readString(betaLog);
            assertThat(logs).doesNotContain("Exception in thread");
            assertThat(Files.readString(alphaLog)).doesNotContain("standby:");

            List<String> names = imported(client);
            assertThat(names).as("one file per document id").doesNotHaveDuplicates().hasSize(ORDERS)
                    .allMatch(n -> n.matches("ORDRSP_8712345000004_[0-9a-f-]{36}\\.xml"));
            Set<String> inLedger = new HashSet<>();
            try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT document_id FROM document")) {
                while (rs.next()) {
                    inLedger.add("ORDRSP_8712345000004_" + rs.getString(1) + ".xml");
                }
            }
            assertThat(names).containsExactlyInAnyOrderElementsOf(inLedger);
        }
    }

    static List<RunRow> runs(String jdbc) throws Exception {
        List<RunRow> runs = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, kind, started_at, finished_at FROM gateway_run ORDER BY id")) {
            while (rs.next()) {
                runs.add(new RunRow(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
            }
        }
        return runs;
    }

    /** The files the client's importer took (a second copy of a name gets .1, .2: a duplicate). */
    static List<String> imported(ClientSimulator client) throws Exception {
        try (Stream<Path> files = Files.list(client.sftp().importedDir())) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Every file the client took is acknowledged and collected; the rest of the night's documents UNCERTAIN. */
    static boolean settled(String jdbc, ClientSimulator client) throws Exception {
        long accepted = count(jdbc, "SELECT COUNT(*) FROM document_state WHERE status = 'ACCEPTED'");
        long uncertain = count(jdbc, "SELECT COUNT(*) FROM document_state WHERE status = 'UNCERTAIN'");
        return accepted + uncertain == ORDERS && imported(client).size() == accepted;
    }

    /** The file names of the UNCERTAIN documents. */
    static List<String> uncertainFiles(String jdbc) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT document_id FROM document d JOIN document_state s"
                     + " ON s.document_pk = d.id WHERE status = 'UNCERTAIN'")) {
            while (rs.next()) {
                names.add("ORDRSP_8712345000004_" + rs.getString(1) + ".xml");
            }
        }
        return names;
    }

    static String statuses(String jdbc) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, COUNT(*), MIN(last_error) FROM document_state GROUP BY status")) {
            while (rs.next()) {
                sb.append(rs.getString(1)).append(' ').append(rs.getLong(2)).append(" (").append(rs.getString(3))
                        .append(") ");
            }
        }
        return sb.toString();
    }

    static Instant leaseTakenAt(String jdbc) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT acquired_at FROM delivery_lease WHERE name = 'delivery'")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    static long count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
