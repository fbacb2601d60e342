package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.GatewayProcess;
import nl.edigate.simulator.ClientSimulator;

/**
 * `run` as its own process, killed with SIGKILL at a chosen point, started again, and an operator's
 * resend of what stayed uncertain: at the receivers every document arrived exactly once (SFTP: one file
 * per document id, no final-named partial file; HTTPS: one registration per Idempotency-Key), and the
 * ledger agrees with them.
 */
class CrashIT {
    static final int ORDERS = Integer.getInteger("edigate.crash.orders", 5000);
    static final int PROJECTS = 30;

    enum KillPoint { DURING_INTAKE, DURING_UPLOAD, BETWEEN_RENAME_AND_RECORDING, BETWEEN_REGISTRATION_AND_RECORDING }

    @TempDir
    Path dir;


    /**
     * Waits for the process to end, however long a loaded machine takes (the test's @Timeout only
     * guards against a hang).
     */
    static void await(Process p) throws Exception {
        p.waitFor();
    }

    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    @Timeout(value = 30, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void killedAndStartedAgainEveryDocumentArrivesExactlyOnce(KillPoint point) throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            client.sftp().setValidate(true);
            Path work = dir.resolve("gw");
            Files.createDirectories(work);
            Path gateway = ConfigFiles.write(work, client);
            OrdersCsv csv = new OrdersCsv();
            for (int i = 1; i <= ORDERS; i++) {
                csv.addOrder("VO-" + (100000 + i), 1 + i % 3);
            }
            Files.writeString(work.resolve("inbox/orders_20261125-231000.csv"), csv.build());
            ProjectsJson projects = new ProjectsJson();
            for (int i = 1; i <= PROJECTS; i++) {
                projects.add("P-" + (500 + i), i % 2 == 0 ? "RC-2025-0042" : "RC-2026-0007");
            }
            Files.writeString(work.resolve("inbox/projects_20261125-231000.json"), projects.build());
            Path log = work.resolve("processes.log");

            // a slow receiver: every upload waits a little before the server takes it
            client.sftp().setUploadDelay(Duration.ofMillis(2));
            AtomicReference<Process> running = new AtomicReference<>();
            AtomicInteger count = new AtomicInteger();
            int at = ORDERS / 3;
            switch (point) {
                case DURING_UPLOAD -> client.sftp().onUploadStarting(f -> {
                    if (count.incrementAndGet() == at) {
                        running.get().destroyForcibly();
                    }
                });
                case BETWEEN_RENAME_AND_RECORDING -> client.sftp().onReceived(f -> {
                    if (count.incrementAndGet() == at) {
                        running.get().destroyForcibly();
                    }
                });
                case BETWEEN_REGISTRATION_AND_RECORDING -> client.api().onRegistered(r -> {
                    if (count.incrementAndGet() == PROJECTS / 2) {
                        running.get().destroyForcibly();
                    }
                });
                default -> { }
            }
            // the ledger made beforehand, so that its growth shows the intake storing documents
            Path ledgerFile = work.resolve("ledger/edigate.mv.db");
            new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "").close();
            long empty = size(ledgerFile);
            Process first = GatewayProcess.start(gateway, log, client.clientSecret(), "run");
            running.set(first);
            if (point == KillPoint.DURING_INTAKE) {
                // the event: the first batches of documents are in the ledger (it grew by 256 KiB), however
                // slow the machine; then the kill lands inside the intake, before the file is archived
                Awaitility.await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(5))
                        .until(() -> size(ledgerFile) > empty + 256 * 1024 || !first.isAlive());
                first.destroyForcibly();
            }
            await(first);
            assertThat(first.exitValue()).as("killed").isEqualTo(137);
            if (point == KillPoint.DURING_INTAKE) {
                assertThat(work.resolve("inbox/orders_20261125-231000.csv")).as("killed before the export was archived")
                        .exists();
                assertThat(client.sftp().sessionsOpened()).as("killed before any delivery").isZero();
            }

            await(GatewayProcess.start(gateway, log, client.clientSecret(), "run"));
            // what stayed uncertain (the client never got it) is resent by the operator
            Process resend = GatewayProcess.start(gateway, log, client.clientSecret(), "resend", "--status", "UNCERTAIN,FAILED",
                    "--reason", "after the crash");
            await(resend);
            await(GatewayProcess.start(gateway, log, client.clientSecret(), "run"));

            String output = Files.readString(log);
            assertThat(output).doesNotContain("Exception in thread").doesNotContain("\tat nl.edigate");
            List<String> names;
            try (Stream<Path> files = Files.list(client.sftp().importedDir())) {
                names = files.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(names).as("one file per document id").doesNotHaveDuplicates()
                    .allMatch(n -> n.matches("ORDRSP_8712345000004_[0-9a-f-]{36}\\.xml"));
            try (Stream<Path> left = Files.list(client.sftp().orderResponseDir())) {
                assertThat(left.map(p -> p.getFileName().toString())).allMatch(n -> n.endsWith(".part"));
            }
            var registrations = client.api().registrations();
            Set<String> keys = new HashSet<>();
            registrations.forEach(r -> keys.add(r.idempotencyKey()));
            assertThat(keys).as("one registration per Idempotency-Key").hasSameSizeAs(registrations);

            try (Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "")) {
                List<LedgerDocument> orders = ledger.documents("opdrachtgever", "ORDER_RESPONSE");
                List<LedgerDocument> reports = ledger.documents("opdrachtgever", "PROGRESS_REPORT");
                assertThat(orders).as(output).hasSize(ORDERS).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
                assertThat(reports).hasSize(PROJECTS).allMatch(d -> d.status() == DocumentStatus.SENT);
                // the ledger agrees with the receivers
                Set<String> delivered = new HashSet<>();
                orders.forEach(d -> delivered.add("ORDRSP_8712345000004_" + d.documentId() + ".xml"));
                assertThat(names).containsExactlyInAnyOrderElementsOf(delivered);
                assertThat(keys).containsExactlyInAnyOrderElementsOf(reports.stream().map(LedgerDocument::documentId).toList());
            }
        }
    }
}
