package nl.edigate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.Resender;

/**
 * A resend handed to serve through the ledger, as the command follows it: the progress serve writes is
 * shown, the result printed and its exit code returned; when serve ends in the middle the command says so
 * and returns, instead of waiting for ever, and a result serve wrote first is never overwritten.
 */
class HandOverTest {
    @TempDir
    Path dir;

    @Test
    void theCommandFollowsServeToTheEndAndSaysSoWhenServeEndsInTheMiddle() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            String owner = "serve (pid " + ProcessHandle.current().pid() + " on "
                    + java.net.InetAddress.getLocalHost().getHostName() + ", 0abc1234)";
            assertThat(ledger.acquireLease(owner, Duration.ofMinutes(5), Instant.now())).isTrue();
            Ledger.Lease lease = ledger.leaseHolder(Instant.now()).orElseThrow();
            var request = new OperatorService.Request(List.of(), Resender.Mode.AS_SENT, false, "test", "jansen", "ids []");

            // serve takes it, reports progress, finishes
            StringWriter out = new StringWriter();
            List<String> progress = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> done = CompletableFuture.supplyAsync(() -> follow(ledger, lease, request, out, progress));
            Ledger.ResendRequest taken = take(ledger, owner);
            assertThat(taken.osUser()).isEqualTo("jansen");
            ledger.resendProgress(taken.id(), "500 of 1000 documents prepared");
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> progress.contains("500 of 1000 documents prepared"));
            ledger.finishResendRequest(taken.id(), "DONE", "resend 1 by jansen: 0 document(s) going out now\n", 0);
            assertThat(done.get()).isZero();
            assertThat(out.toString()).contains("resend 1 by jansen");
            assertThat(progress.get(0)).startsWith("handed to serve (pid");

            // serve takes the next one and ends before it is done
            StringWriter out2 = new StringWriter();
            CompletableFuture<Integer> broken = CompletableFuture.supplyAsync(() -> follow(ledger, lease, request, out2,
                    new CopyOnWriteArrayList<>()));
            Ledger.ResendRequest second = take(ledger, owner);
            ledger.releaseLease(owner);
            assertThat(broken.get()).isEqualTo(Gateway.ATTENTION);
            assertThat(out2.toString()).contains("serve ended before resend request " + second.id() + " was done");
            // a result serve wrote is never overwritten by that
            ledger.finishResendRequest(second.id(), "DONE", "late", 0);
            assertThat(ledger.resendRequest(second.id()).orElseThrow().state()).isEqualTo("FAILED");
        }
    }

    private static Ledger.ResendRequest take(Ledger ledger, String owner) {
        return Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> ledger.takeResendRequest(owner),
                java.util.Optional::isPresent).orElseThrow();
    }

    private static int follow(Ledger ledger, Ledger.Lease lease, OperatorService.Request r, StringWriter out,
                              List<String> progress) {
        try {
            return ResendCommand.handOver(ledger, lease, r, new PrintWriter(out, true), progress::add);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
