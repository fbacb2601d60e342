package nl.edigate.acks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.report.AckTally;
import nl.edigate.simulator.Mlr;

/**
 * A collection pass is limited by silence, not by its length: a server that keeps handing over files
 * is waited for (a big night on a slow machine took longer than the old fixed limit, and the rest of the
 * acknowledgements was left for the next night); one that stays silent ends the pass.
 */
class AcknowledgementPassTest {

    @TempDir
    Path dir;

    @Test
    void aPassLongerThanTheSilenceLimitGoesOnWhileFilesKeepComing() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            Acknowledgements acks = acknowledgements(ledger);
            AtomicLong clock = new AtomicLong();
            acks.beginPass();
            CompletableFuture<AckTally> pass = CompletableFuture.supplyAsync(() -> {
                try {
                    return acks.awaitPass(1_500, clock::get);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // a slow server: one file a second on the pass's clock, 12 s in all, eight times the silence limit
            for (int i = 0; i < 12; i++) {
                clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
                acks.record("MLR_" + i + ".xml", Mlr.write("MLR-" + i, "doc-" + i, "8798765000008", "8712345000004",
                        "AP", null, List.of()).getBytes(StandardCharsets.UTF_8));
            }
            acks.idle();

            AckTally t = pass.get();
            assertThat(t.failure()).isNull();
            assertThat(t.collected()).isEqualTo(12);
        }
    }

    @Test
    void aSilentServerEndsThePassWithTheReason() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            Acknowledgements acks = acknowledgements(ledger);
            acks.beginPass();
            AckTally t = acks.awaitPass(300);
            assertThat(t.failure()).isEqualTo("no answer from the SFTP server for 300 ms");
        }
    }

    private Acknowledgements acknowledgements(Ledger ledger) {
        return new Acknowledgements(ledger, dir.resolve("acks"),
                new Acknowledgements.Parties("opdrachtgever", "8798765000008", "8712345000004", Set.of("ORDER_RESPONSE")));
    }
}
