package nl.edigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import nl.edigate.intake.Rejection;

/** The same ledger code on an H2 file and on a real PostgreSQL server, by changing the JDBC URL only. */
class LedgerTest {
    private static EmbeddedPostgres postgres;

    @TempDir
    static Path dir;

    static synchronized String postgresUrl() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start();
        }
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("H2", "jdbc:h2:file:" + dir.resolve("h2/ledger"), "edigate"),
                Arguments.of("PostgreSQL", postgresUrl(), "postgres"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void documentsAttemptsAndRejectionsRoundTrip(String name, String url, String user) {
        try (Ledger ledger = new Ledger(url, user, "")) {
            long run = ledger.startRun("resend");
            String key = "PO-1/VO-1-" + name;
            long first = ledger.insertDocument("c", "ORDER_RESPONSE", key, "h1", "doc-1-" + name, "<x/>", "f.csv", 2, run);
            assertThat(ledger.latestForKey("c", "ORDER_RESPONSE", key)).get()
                    .satisfies(d -> {
                        assertThat(d.status()).isEqualTo(DocumentStatus.READY);
                        assertThat(d.contentHash()).isEqualTo("h1");
                        assertThat(d.sourceLine()).isEqualTo(2);
                        assertThat(d.runId()).isEqualTo(run);
                    });
            // a newer content before delivery supersedes the unsent one
            long second = ledger.insertDocument("c", "ORDER_RESPONSE", key, "h2", "doc-2-" + name, "<y/>", "g.csv", 5, run);
            assertThat(ledger.document(first).orElseThrow().status()).isEqualTo(DocumentStatus.SUPERSEDED);
            assertThat(ledger.latestForKey("c", "ORDER_RESPONSE", key).orElseThrow().pk()).isEqualTo(second);
            assertThat(ledger.deliverable("c", "ORDER_RESPONSE")).extracting(LedgerDocument::pk).contains(second)
                    .doesNotContain(first);

            long a1 = ledger.beginAttempt(second, run, "SFTP");
            assertThat(ledger.document(second).orElseThrow().status()).isEqualTo(DocumentStatus.SENDING);
            ledger.attemptFailed(a1, second, "TRANSIENT: reset", false);
            assertThat(ledger.document(second).orElseThrow().status()).isEqualTo(DocumentStatus.READY);
            long a2 = ledger.beginAttempt(second, run, "SFTP");
            ledger.attemptSucceeded(a2, second, "ORDRSP_x.xml", null);
            LedgerDocument sent = ledger.document(second).orElseThrow();
            assertThat(sent.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(sent.attempts()).isEqualTo(2);
            assertThat(sent.remoteName()).isEqualTo("ORDRSP_x.xml");
            assertThat(sent.sentAt()).isNotNull();
            assertThat(ledger.attempts(second)).extracting(Attempt::outcome).containsExactly("FAILED", "SENT");

            ledger.recordRejection(run, new Rejection("ORDER_RESPONSE", "f.csv", 7, "aantal", "bad", key));
            assertThat(ledger.rejections(run)).singleElement().satisfies(r -> assertThat(r.line()).isEqualTo(7));
            ledger.finishRun(run, 1, "report");
            // a resend is not a nightly run: it must not hide a missed one
            assertThat(ledger.lastFinishedRunStart()).isEmpty();
            long nightly = ledger.startRun("scheduled");
            ledger.finishRun(nightly, 0, "report");
            assertThat(ledger.lastFinishedRunStart()).isPresent();
        }
    }

    @Test
    void onPostgreSqlASecondProcessIsRefusedWhileTheFirstHoldsTheLedger() throws Exception {
        String url = postgresUrl();
        try (Ledger first = new Ledger(url, "postgres", "")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Ledger(url, "postgres", ""))
                    .isInstanceOf(LedgerInUseException.class).hasMessageContaining("in use by another edigate process");
        }
        try (Ledger again = new Ledger(url, "postgres", "")) {
            assertThat(again.lastFinishedRunStart()).isNotNull();
        }
    }

    @Test
    void theH2LedgerFolderIsReadableByItsOwnerOnly() throws Exception {
        Path folder = dir.resolve("private/ledger");
        try (Ledger ignored = new Ledger("jdbc:h2:file:" + folder.resolve("edigate"), "edigate", "")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        }
    }
}
