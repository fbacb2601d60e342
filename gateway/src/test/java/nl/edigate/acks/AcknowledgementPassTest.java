package nl.edigate.acks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ledger.Ledger;
import nl.edigate.report.AckTally;
import nl.edigate.simulator.Mlr;

/**
 * A collection pass polls until a poll finds nothing more, however long that takes: a server that keeps
 * handing over files (a big night on a slow machine once outlasted a fixed limit, and the rest of the
 * acknowledgements was left for the next night) is followed to the end; a failure ends the pass.
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
            AckTally t = acks.pass(() -> {
                int poll = polls.getAndIncrement();
                for (int i = 0; poll < 3 && i < 4; i++) {
                    record(acks, poll * 4 + i);
                }
            });
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
            AckTally t = acks.pass(() -> {
                polls.incrementAndGet();
                record(acks, polls.get());
                Exchange e = new DefaultExchange(new DefaultCamelContext());
                e.setProperty(Exchange.EXCEPTION_CAUGHT, new java.net.ConnectException("Connection refused"));
                acks.failed(e);
            });
            assertThat(polls).hasValue(1);
            assertThat(t.collected()).isEqualTo(1);
            assertThat(t.failure()).contains("refused");
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
