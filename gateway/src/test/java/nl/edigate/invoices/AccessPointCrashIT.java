package nl.edigate.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.simulator.GatewayProcess;
import nl.edigate.intake.BadInvoiceRecordsTest;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.Attempt;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.AccessPointSimulator;
import nl.edigate.simulator.ClientSimulator;

/**
 * `run` as its own process, killed with SIGKILL after the access point took an invoice and before its 202
 * was recorded: the next run posts the same document under the same Idempotency-Key and gets the same
 * transmission back (200), so the buyer receives every invoice once and the ledger knows each one's
 * transmission.
 */
class AccessPointCrashIT {
    static final int INVOICES = 12;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void killedBetweenTheAccessPointsAnswerAndRecordingItTheSameKeyGetsTheSameTransmission(@TempDir Path dir)
            throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = dir.resolve("gw");
            Files.createDirectories(work);
            Path gateway = sim.writeConfigFilesWithAllClients(work);
            List<Map<String, String>> rows = new ArrayList<>();
            for (int i = 1; i <= INVOICES; i++) {
                rows.add(BadInvoiceRecordsTest.row(String.format("F-2026-%06d", 500 + i)));
            }
            Files.writeString(work.resolve("inbox/invoices_20261125-231000.csv"), BadInvoiceRecordsTest.csv(rows));
            Path log = work.resolve("processes.log");

            AccessPointSimulator ap = sim.accessPoint();
            AtomicReference<Process> running = new AtomicReference<>();
            AtomicReference<AccessPointSimulator.Transmission> killedAt = new AtomicReference<>();
            AtomicInteger count = new AtomicInteger();
            ap.onAccepted(t -> {
                // the AP has it; the 202 has not left yet: the gateway dies before it can record anything
                if (count.incrementAndGet() == INVOICES / 2) {
                    killedAt.set(t);
                    running.get().destroyForcibly();
                }
            });
            Process first = GatewayProcess.start(gateway, log, sim.clientSecret(), "run");
            running.set(first);
            first.waitFor();
            assertThat(first.exitValue()).as("killed").isEqualTo(137);

            Process second = GatewayProcess.start(gateway, log, sim.clientSecret(), "run");
            second.waitFor();

            String output = Files.readString(log);
            assertThat(output).doesNotContain("Exception in thread");
            // one transmission per invoice at the AP
            Map<String, String> transmissionByNumber = new HashMap<>();
            for (AccessPointSimulator.Transmission t : ap.accepted()) {
                assertThat(transmissionByNumber.put(t.invoiceNumber(), t.id())).as(t.invoiceNumber()).isNull();
            }
            assertThat(transmissionByNumber).hasSize(INVOICES);
            AccessPointSimulator.Transmission interrupted = killedAt.get();
            assertThat(interrupted).isNotNull();
            // the interrupted one was posted again under its key, and the AP answered 200
            assertThat(ap.requests()).filteredOn(r -> interrupted.key().equals(r.key()) && r.method().equals("POST"))
                    .extracting(AccessPointSimulator.Request::status).endsWith(200);
            try (Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "")) {
                List<LedgerDocument> docs = ledger.documents("gemeente", InvoiceIntake.DOC_TYPE);
                assertThat(docs).as(output).hasSize(INVOICES)
                        .allSatisfy(d -> assertThat(d.status()).isIn(DocumentStatus.QUEUED, DocumentStatus.SENT));
                for (LedgerDocument d : docs) {
                    assertThat(d.remoteName()).as(d.businessKey()).isEqualTo(transmissionByNumber.get(d.businessKey()));
                }
                LedgerDocument again = docs.stream().filter(d -> d.documentId().equals(interrupted.key())).findFirst()
                        .orElseThrow();
                assertThat(again.remoteName()).isEqualTo(interrupted.id());
                assertThat(ledger.attempts(again.pk())).extracting(Attempt::outcome).containsExactly("INTERRUPTED", "SENT");
            }
        }
    }
}
