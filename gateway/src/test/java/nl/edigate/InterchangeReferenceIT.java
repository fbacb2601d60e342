package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.simulator.GatewayProcess;
import nl.edigate.simulator.ClientSimulator;

/**
 * The consortium's interchange control references (issue 13): strictly increasing for ever, never reused,
 * across runs, a SIGKILL in the middle of an interchange's upload, the run after it and an operator's
 * resend of what stayed uncertain (a new interchange, with the next reference).
 */
class InterchangeReferenceIT {
    static final int ORDERS = 1200; // three interchanges: 500, 500, 200

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void referencesStrictlyIncreaseAcrossRunsACrashAndAResend() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            Path work = dir.resolve("gw");
            Files.createDirectories(work);
            Path gateway = client.writeConfigFilesWithConsortium(work);
            OrdersCsv csv = new OrdersCsv();
            for (int i = 1; i <= ORDERS; i++) {
                csv.addOrder("VO-" + (100000 + i), 1, "klant_gln", ClientSimulator.CONSORTIUM_GLN);
            }
            csv.addOrder("VO-1", 1);
            Files.writeString(work.resolve("inbox/orders_20261125-231000.csv"), csv.build());
            Path log = work.resolve("processes.log");

            // killed while the second interchange is being uploaded
            AtomicReference<Process> running = new AtomicReference<>();
            AtomicInteger uploads = new AtomicInteger();
            client.consortium().onUploadStarting(f -> {
                if (uploads.incrementAndGet() == 2) {
                    running.get().destroyForcibly();
                }
            });
            Process first = GatewayProcess.start(gateway, log, client.clientSecret(), "run");
            running.set(first);
            first.waitFor();
            assertThat(first.exitValue()).as("killed").isEqualTo(137);

            // the next run sends what is still READY under a new reference; the interrupted ones stay uncertain
            GatewayProcess.start(gateway, log, client.clientSecret(), "run").waitFor();
            // the operator resends them: a new interchange, never the number of the broken one
            GatewayProcess.start(gateway, log, client.clientSecret(), "resend", "--status", "UNCERTAIN",
                    "--client", "bouwcombinatie", "--reason", "after the crash").waitFor();
            // and a new night with one more order
            OrdersCsv more = new OrdersCsv();
            more.addOrder("VO-200001", 1, "klant_gln", ClientSimulator.CONSORTIUM_GLN);
            Files.writeString(work.resolve("inbox/orders_20261126-231000.csv"), more.build());
            GatewayProcess.start(gateway, log, client.clientSecret(), "run").waitFor();

            String output = Files.readString(log);
            List<Long> received = client.translator().references();
            assertThat(received).as(output).isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
            for (int i = 1; i < received.size(); i++) {
                assertThat(received.get(i)).isGreaterThan(received.get(i - 1));
            }
            assertThat(client.consortium().verdicts()).as(output).allMatch(v -> v.accepted());
            List<String> imported;
            try (Stream<Path> files = Files.list(client.consortium().importedDir())) {
                imported = files.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(imported).doesNotHaveDuplicates().allMatch(n -> n.matches("ORDRSP_8712345000004_[0-9]+\\.edi"));

            try (Ledger ledger = new Ledger("jdbc:h2:file:" + work.resolve("ledger/edigate"), "edigate", "")) {
                List<LedgerDocument> docs = ledger.documents("bouwcombinatie", "ORDER_RESPONSE");
                assertThat(docs).as(output).hasSize(ORDERS + 1).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
                // each document's last interchange is one the translator received; the broken one is never used again
                long broken = -1;
                for (LedgerDocument d : docs) {
                    var interchanges = ledger.interchangesOf(d.pk());
                    long last = interchanges.get(interchanges.size() - 1).reference();
                    assertThat(received).contains(last);
                    if (interchanges.size() > 1) {
                        broken = interchanges.get(0).reference();
                        assertThat(last).isGreaterThan(broken);
                    }
                }
                assertThat(broken).as("some documents were caught by the kill and resent").isPositive();
                // killed before its rename: the translator never took the interrupted interchange, and its
                // reference was not given to any other
                assertThat(received).doesNotContain(broken);
                // a new night after all this still counts on
                assertThat(received.get(received.size() - 1)).isEqualTo(ledger.interchangesOf(
                        ledger.documents("bouwcombinatie", "ORDER_RESPONSE").stream()
                                .filter(d -> d.businessKey().startsWith("PO-VO-200001")).findFirst().orElseThrow().pk())
                        .get(0).reference());
            }
        }
    }
}
