package nl.edigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.operators.Resender;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

/**
 * The headline and the exit code are made from the same facts as the details under them: what is open in
 * the ledger counts whenever it arose, and a resend says where its documents stand, not that they "went out".
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class RunResultTest {
    @TempDir
    Path dir;

    @Test
    void aNightAfterOneThatFailedSaysAttentionNeededAndNamesTheFailuresWaitingForAResend() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            int port = gw.client.sftp().port();
            gw.client.sftp().stop();
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-1", 1);
            csv.addOrder("VO-2", 1);
            gw.putExport("orders_20261125-231000.csv", csv.build());
            RunReport failed = gw.run();
            assertThat(failed.exitCode()).isEqualTo(1);

            // the next night the server is back and has nothing new: the two documents still wait for an operator
            RunReport next;
            try (SftpSimulator back = SftpSimulator.start(gw.client.sftp().root(), ClientSimulator.USER,
                    gw.client.gatewayKey().getPublic(), gw.client.sftp().hostKey(), port)) {
                next = gw.run();
            }
            String text = next.toText();
            assertThat(gw.orders(next).failed()).isZero();
            assertThat(next.openEnds().failedForGood()).isEqualTo(2);
            assertThat(next.exitCode()).as(text).isEqualTo(1);
            assertThat(text).contains("OPEN ENDS", "failed, for a resend", "failed, waiting for a resend: #")
                    .endsWith("result: attention needed (exit code 1): 2 document(s) in the ledger FAILED, waiting for"
                            + " an operator's resend\n")
                    .doesNotContain("everything delivered");
            assertThat(gw.ledger.run(next.runId()).orElseThrow().exitCode()).isEqualTo(1);
        }
    }

    @Test
    void aResendAsSentOfAFileTheClientStillHasLeavesItSentAndSaysSoInsteadOfFailingIt() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.client.sftp().setAcknowledge(false);
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-1", 1);
            gw.putExport("orders_20261125-231000.csv", csv.build());
            assertThat(gw.run().exitCode()).isZero();
            LedgerDocument sent = gw.documents().get(0);
            assertThat(sent.status()).isEqualTo(DocumentStatus.SENT);
            // the client's importer has not taken it yet: the file still lies in its folder under our name
            Files.move(gw.received(sent.remoteName()), gw.client.sftp().orderResponseDir().resolve(sent.remoteName()));

            RunReport delivery = gw.resend(List.of(sent.pk()), Resender.Mode.AS_SENT, false, "the client asks again");
            LedgerDocument after = gw.ledger.document(sent.pk()).orElseThrow();
            assertThat(after.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(after.sentAt()).isEqualTo(sent.sentAt());
            assertThat(after.lastError()).isNull();
            assertThat(gw.ledger.attempts(sent.pk())).last().satisfies(a -> {
                assertThat(a.outcome()).isEqualTo("ALREADY_THERE");
                assertThat(a.error()).contains("the client still has " + sent.remoteName());
            });
            assertThat(gw.lastDone.result().headline()).startsWith("resend ")
                    .contains("1 of 1 resent document(s) delivered (1 of them already at the client, not sent again),"
                            + " 0 failed; 0 not resent (exit code 0)");
            assertThat(gw.lastDone.exitCode()).isZero();
            assertThat(delivery.toText()).contains("already at the client    1").doesNotContain("failed, for a resend");
        }
    }

    @Test
    void aResendThatFailsSaysSoInItsHeadlineAndExitCode() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of())) {
            gw.client.sftp().stop();
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-1", 1);
            gw.putExport("orders_20261125-231000.csv", csv.build());
            gw.run();
            long pk = gw.documents().get(0).pk();
            gw.resend(List.of(pk), Resender.Mode.AS_SENT, false, "server back?");
            assertThat(gw.lastDone.result().headline()).contains("0 of 1 resent document(s) delivered, 1 failed");
            assertThat(gw.lastDone.exitCode()).isEqualTo(1);
        }
    }
}
