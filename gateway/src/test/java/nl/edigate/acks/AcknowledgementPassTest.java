package nl.edigate.acks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.report.AckTally;
import nl.edigate.simulator.Mlr;

/**
 * A collection pass polls until a poll finds nothing more, however long that takes (a big night on a slow
 * machine once outlasted a fixed limit, and the rest of the acknowledgements was left for the next night);
 * a failure ends the pass, and so does a server that stops answering, after the silence limit.
 */
class AcknowledgementPassTest {

    @TempDir
    Path dir;

    @Test
    void aPassPollsUntilAPollFindsNothingMore() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            Acknowledgements acks = acknowledgements(ledger);
            AtomicInteger polls = new AtomicInteger();
            // a slow server: four files in each of the first three polls, then none
            AckTally t = CollectionPass.run(acks, () -> {
                int poll = polls.getAndIncrement();
                for (int i = 0; poll < 3 && i < 4; i++) {
                    record(acks, poll * 4 + i);
                }
            }, Duration.ofMinutes(2));
            assertThat(t.failure()).isNull();
            assertThat(t.collected()).isEqualTo(12);
            assertThat(polls).hasValue(4);
        }
    }

    @Test
    void aFailureEndsThePassWithTheReason() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            Acknowledgements acks = acknowledgements(ledger);
            AtomicInteger polls = new AtomicInteger();
            // a file arrives, then the server refuses: the pass does not poll again and again
            AckTally t = CollectionPass.run(acks, () -> {
                polls.incrementAndGet();
                record(acks, polls.get());
                Exchange e = new DefaultExchange(new DefaultCamelContext());
                e.setProperty(Exchange.EXCEPTION_CAUGHT, new java.net.ConnectException("Connection refused"));
                acks.failed(e);
            }, Duration.ofMinutes(2));
            assertThat(polls).hasValue(1);
            assertThat(t.collected()).isEqualTo(1);
            assertThat(t.failure()).contains("refused");
        }
    }

    @Test
    void aServerThatStopsAnsweringEndsThePassWithTheReason() throws Exception {
        try (Ledger ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "")) {
            Acknowledgements acks = acknowledgements(ledger);
            CountDownLatch never = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            // the pass's clock moves a minute each time it looks: two minutes of silence come at once
            AtomicLong clock = new AtomicLong();
            AckTally t = CollectionPass.run(acks, () -> {
                try {
                    never.await(); // a listing the server never answers
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }, Duration.ofMinutes(2), () -> clock.addAndGet(TimeUnit.MINUTES.toNanos(1)));
            assertThat(t.failure()).isEqualTo("no answer from the SFTP server for 120 s");
            assertThat(t.collected()).isZero();
            await().untilTrue(interrupted); // and the poll stuck on the server was let go
        }
    }

    private static void record(Acknowledgements acks, int i) {
        try {
            acks.record("MLR_" + i + ".xml", Mlr.write("MLR-" + i, "doc-" + i, "8798765000008", "8712345000004",
                    "AP", null, List.of()).getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Acknowledgements acknowledgements(Ledger ledger) {
        return new Acknowledgements(ledger, dir.resolve("acks"),
                new Acknowledgements.Parties("opdrachtgever", "8798765000008", "8712345000004", Set.of("ORDER_RESPONSE")));
    }
}
