package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import nl.edigate.GatewayHarness;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

/**
 * Faults at the client's SFTP server, each caused for real: every document ends delivered or FAILED
 * with a clear reason, and once the fault is gone a resend delivers the failed ones, once each.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class SftpFaultsTest {

    enum Fault { UNREACHABLE, RENAME_REFUSED, PERMISSION_DENIED, VERY_SLOW, DISK_FULL }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultEndsInClearFailuresAndAResendAfterwardsDeliversThem(Fault fault) throws Exception {
        AtomicBoolean on = new AtomicBoolean(true);
        Map<String, String> settings = fault == Fault.VERY_SLOW ? Map.of("sftp.read-timeout", "1s") : Map.of();
        try (GatewayHarness gw = GatewayHarness.start(dir, settings)) {
            int port = gw.client.sftp().port();
            switch (fault) {
                case UNREACHABLE -> gw.client.sftp().stop();
                case RENAME_REFUSED -> gw.client.sftp().onRenaming(f -> {
                    if (on.get()) {
                        throw new IOException("simulated: rename refused");
                    }
                });
                case PERMISSION_DENIED -> gw.client.sftp().onUploadStarting(f -> {
                    if (on.get()) {
                        throw new AccessDeniedException(f.toString());
                    }
                });
                case VERY_SLOW -> gw.client.sftp().setUploadDelay(Duration.ofSeconds(3)); // our read time-out is 1 s
                case DISK_FULL -> gw.client.sftp().onUploadStarting(f -> {
                    if (on.get()) {
                        throw new IOException("No space left on device");
                    }
                });
                default -> { }
            }
            gw.putExport("orders_20261125-231000.csv", SftpDeliveryTest.demoExport());
            RunReport report = gw.run();

            List<LedgerDocument> docs = gw.documents();
            if (fault == Fault.VERY_SLOW) {
                // slow, not dead: every upload takes 3 s and completes (JSch applies no reply time-out once
                // connected; a server that never answers would hold the batch: see the issue note)
                assertThat(docs).hasSize(4).allMatch(d -> d.status() == DocumentStatus.ACCEPTED);
                return;
            }
            assertThat(docs).hasSize(4).allMatch(d -> d.status() == DocumentStatus.FAILED)
                    .allMatch(d -> d.lastError() != null && !d.lastError().isBlank());
            String reason = docs.get(0).lastError();
            switch (fault) {
                case UNREACHABLE -> assertThat(reason).contains("TRANSIENT", "3 attempts in this run");
                case PERMISSION_DENIED -> assertThat(reason).startsWith("PERMISSION");
                default -> assertThat(reason).startsWith("TRANSIENT");
            }
            assertThat(report.toText()).contains("DELIVERY STOPPED").doesNotContain("\tat ");
            assertThat(gw.remoteFiles()).noneMatch(n -> n.endsWith(".xml"));

            // the fault is gone: the operator resends what failed, and each arrives once
            on.set(false);
            if (fault == Fault.UNREACHABLE) {
                gw.client.sftp().close();
                restart(gw, port);
            }
            gw.resend(docs.stream().map(LedgerDocument::pk).toList(), Resender.Mode.AS_SENT, false, "fault gone");
            assertThat(gw.documents()).allMatch(d -> d.status() == DocumentStatus.SENT);
            assertThat(gw.remoteFiles().stream().filter(n -> n.endsWith(".xml"))).hasSize(4);
        }
    }

    /** The same server (host key, port, folder) back after going away. */
    private static void restart(GatewayHarness gw, int port) throws IOException {
        var old = gw.client.sftp();
        var back = SftpSimulator.start(old.root(), ClientSimulator.USER,
                gw.client.gatewayKey().getPublic(), old.hostKey(), port);
        gw.onClose(back::close); // same root, so the harness sees what it receives
    }
}
