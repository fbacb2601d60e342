package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.config.RetryPolicy;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;

/**
 * Delivery's decisions, fast: a channel that answers as scripted, a sleeper that only writes down how
 * long it was asked to wait, and a real (H2) ledger. The real channels meet real servers elsewhere.
 */
class DeliveryTest {
    private static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofMinutes(1));

    @TempDir
    Path dir;

    private Ledger ledger;
    private long runId;
    private final List<Duration> waits = new ArrayList<>();
    private final Sleeper sleeper = (wait, stop) -> waits.add(wait);

    /** Answers each send with the next scripted outcome: a failure to throw, or null for success. */
    private static class ScriptedChannel implements Channel {
        final Deque<Failure> script = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();
        int refreshed;

        ScriptedChannel then(Failure... failures) {
            for (Failure f : failures) {
                script.add(f);
            }
            return this;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public Receipt send(LedgerDocument document) throws Exception {
            sent.add(document.documentId());
            Failure next = script.poll();
            if (next != null) {
                throw new DeliveryFailure(next);
            }
            return new Receipt("at/" + document.documentId(), null);
        }

        @Override
        public Failure classify(Exception error) {
            return Failure.classify(error);
        }

        @Override
        public boolean idempotent() {
            return true;
        }

        @Override
        public void refreshCredentials() {
            refreshed++;
        }
    }

    private static Failure status(int code, String retryAfter) {
        return HttpsApiChannel.answer(code, "{\"title\":\"x\"}", retryAfter);
    }

    @BeforeEach
    void open() {
        ledger = new Ledger("jdbc:h2:file:" + dir.resolve("ledger/edigate"), "edigate", "");
        runId = ledger.startRun("test");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private long document(String id) {
        return ledger.insertDocument("client", "PROGRESS_REPORT", "key-" + id, "hash-" + id, id, "{}", "f.json", 1, runId);
    }

    private RunReport.Section deliver(ScriptedChannel channel) {
        RunReport.Section section = new RunReport.Section();
        new Delivery(ledger, RETRY, Duration.ofMinutes(15), sleeper).deliver(runId, "client", "PROGRESS_REPORT",
                channel, section);
        return section;
    }

    @Test
    void a503WithRetryAfterIsWaitedOutAndCostsNoAttempt() {
        long pk = document("A");
        ScriptedChannel channel = new ScriptedChannel().then(status(503, "24"), status(503, "24"), status(503, "24"),
                status(503, "24"));

        RunReport.Section s = deliver(channel);

        assertThat(s.delivered()).isEqualTo(1);
        assertThat(waits).hasSize(4).allSatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(24)));
        assertThat(ledger.document(pk).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
        assertThat(ledger.attempts(pk)).hasSize(5);
    }

    @Test
    void temporaryErrorsWithoutRetryAfterGiveUpAfterTheAttemptsAndStopTheBatch() {
        long first = document("A");
        long second = document("B");
        ScriptedChannel channel = new ScriptedChannel().then(status(500, null), status(502, null), status(504, null));

        RunReport.Section s = deliver(channel);

        assertThat(channel.sent).containsExactly("A", "A", "A");
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
        assertThat(waits.get(1)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(ledger.document(first).orElseThrow().lastError()).contains("3 attempts in this run");
        assertThat(ledger.document(second).orElseThrow().lastError()).startsWith("not attempted:");
        assertThat(s.failed()).isEqualTo(2);
        assertThat(s.deliveryStopped()).contains("TRANSIENT");
    }

    @Test
    void aRejectionFailsThatDocumentAtOnceAndTheOthersGoOn() {
        long first = document("A");
        document("B");
        ScriptedChannel channel = new ScriptedChannel().then(status(422, null));

        RunReport.Section s = deliver(channel);

        assertThat(waits).isEmpty();
        assertThat(ledger.document(first).orElseThrow().status()).isEqualTo(DocumentStatus.FAILED);
        assertThat(s.delivered()).isEqualTo(1);
        assertThat(s.deliveryStopped()).isNull();
    }

    @Test
    void a401GetsANewTokenOnceAndASecond401StopsTheClient() {
        document("A");
        document("B");
        ScriptedChannel channel = new ScriptedChannel().then(status(401, null), status(401, null));

        RunReport.Section s = deliver(channel);

        assertThat(channel.refreshed).isEqualTo(1);
        assertThat(s.deliveryStopped()).startsWith("AUTHENTICATION");
        assertThat(s.failed()).isEqualTo(2);
    }

    @Test
    void a429BeyondWhatWeWaitFailsAtOnceAndOneWithinIsWaited() {
        long first = document("A");
        long second = document("B");
        ScriptedChannel channel = new ScriptedChannel().then(status(429, "3600"), status(429, "2"));

        deliver(channel);

        assertThat(ledger.document(first).orElseThrow().lastError()).contains("Retry-After 3600 s is beyond");
        assertThat(ledger.document(second).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
        assertThat(waits).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void refusedConnectionsAreClassifiedAsTemporary() {
        document("A");
        ScriptedChannel channel = new ScriptedChannel() {
            int calls;

            @Override
            public Receipt send(LedgerDocument document) throws Exception {
                if (calls++ == 0) {
                    throw new IOException("upload", new ConnectException("Connection refused"));
                }
                return super.send(document);
            }
        };

        RunReport.Section s = deliver(channel);

        assertThat(s.delivered()).isEqualTo(1);
        assertThat(waits).hasSize(1);
    }

    /** Several documents per file: the file is made once, retried as it was, and each document has its attempts. */
    private static final class GroupingChannel extends ScriptedChannel {
        final List<List<String>> parcels = new ArrayList<>();
        final List<String> files = new ArrayList<>();
        /** The outcome of each send of a file in turn: null for success. */
        final List<Failure> outcomes = new ArrayList<>();

        @Override
        public int documentsPerFile() {
            return 2;
        }

        @Override
        public Parcel parcel(List<LedgerDocument> documents) {
            parcels.add(documents.stream().map(LedgerDocument::documentId).toList());
            return new Parcel("file-" + parcels.size(), new byte[0]);
        }

        @Override
        public Receipt send(Parcel parcel) throws Exception {
            files.add(parcel.remoteName());
            Failure next = outcomes.size() >= files.size() ? outcomes.get(files.size() - 1) : null;
            if (next != null) {
                throw new DeliveryFailure(next);
            }
            return new Receipt(parcel.remoteName(), null);
        }
    }

    @Test
    void documentsThatShareAFileGoAsOneFileMadeOnceAndRetriedAsItWas() {
        List<Long> pks = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d", "e")) {
            pks.add(document(id));
        }
        GroupingChannel channel = new GroupingChannel();
        channel.outcomes.add(null);
        channel.outcomes.add(new Failure(Failure.Kind.TRANSIENT, "connection reset"));
        RunReport.Section section = deliver(channel);

        assertThat(channel.parcels).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(channel.files).as("the second file retried under its own name").containsExactly("file-1", "file-2",
                "file-2", "file-3");
        assertThat(channel.sent).as("no document went on its own").isEmpty();
        assertThat(section.delivered()).isEqualTo(5);
        assertThat(section.deliveredFiles()).containsExactly("file-1 (2 documents)", "file-2 (2 documents)",
                "file-3 (1 documents)");
        for (long pk : pks) {
            LedgerDocument d = ledger.document(pk).orElseThrow();
            assertThat(d.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(ledger.attempts(pk)).hasSize(d.documentId().equals("c") || d.documentId().equals("d") ? 2 : 1);
        }
        assertThat(ledger.document(pks.get(2)).orElseThrow().remoteName()).isEqualTo("file-2");
        assertThat(waits).hasSize(1);
    }
}
