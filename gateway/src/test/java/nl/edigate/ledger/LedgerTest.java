package nl.edigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.assertj.core.api.Assertions;
import org.assertj.core.groups.Tuple;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import nl.edigate.model.Rejection;

/**
 * The same ledger code on an H2 file and on a real PostgreSQL server, by changing the JDBC URL only.
 * <p>Over 300 lines: the round trips and the upgrades of older ledgers (before V4, before V10) on both
 * databases, beside the lease and the file's protection, share the two servers this class starts.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
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

    /** A database of its own on the PostgreSQL server, for a ledger that must start empty. */
    static String newPostgresDatabase(String name) throws Exception {
        try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    static Stream<Arguments> databases() throws Exception {
        return Stream.of(Arguments.of("H2", "jdbc:h2:file:" + dir.resolve("h2/ledger"), "edigate"),
                Arguments.of("PostgreSQL", postgresUrl(), "postgres"));
    }

    /**
     * Every run asks which acknowledgements are overdue: answered from the due-time index, not by reading
     * every document that waits for one (100,000 of them for a client that never answers).
     */
    @Test
    void theOverdueQuestionIsAnsweredFromTheDueTimeIndex() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("h2-plan/ledger");
        try (Ledger ledger = new Ledger(url, "edigate", "")) {
            List<Object> args = new java.util.ArrayList<>();
            String where = DocumentFilter.all().withOverdueOnly().where(args, Instant.now());
            try (Connection c = DriverManager.getConnection(url, "edigate", "");
                 var ps = c.prepareStatement("EXPLAIN SELECT COUNT(*) FROM " + DocumentStore.DOCUMENTS + where)) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i) instanceof Instant t ? java.sql.Timestamp.from(t) : args.get(i));
                }
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    Assertions.assertThat(rs.getString(1)).contains("DOCUMENT_STATE_ACK_DUE_IDX");
                }
            }
        }
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aBatchOfNewDocumentsIsStoredWholeOrNotAtAll(String name, String url, String user) {
        try (Ledger ledger = new Ledger(url, user, "")) {
            long run = ledger.startRun("run");
            String older = "B-0-" + name;
            long unsent = ledger.insertDocument("c", "ORDER_RESPONSE", older, "h0", "b0-" + name, "<old/>", "f.csv", 1, run);
            Ledger.NewDocument a = new Ledger.NewDocument("c", "ORDER_RESPONSE", "B-1-" + name, "h1", "b1-" + name,
                    "<a/>", "f.csv", 2, run, "a;row");
            Ledger.NewDocument newer = new Ledger.NewDocument("c", "ORDER_RESPONSE", older, "h2", "b2-" + name,
                    "<newer/>", "f.csv", 3, run, "newer;row");
            Ledger.NewDocument clash = new Ledger.NewDocument("c", "ORDER_RESPONSE", "B-3-" + name, "h3", "b1-" + name,
                    "<clash/>", "f.csv", 4, run, null);

            // the last one repeats a document id: nothing of the batch is stored
            Assertions.assertThatThrownBy(() -> ledger.insertDocuments(List.of(a, newer, clash)))
                    .isInstanceOf(LedgerException.class);
            assertThat(ledger.latestForKey("c", "ORDER_RESPONSE", "B-1-" + name)).isEmpty();
            assertThat(ledger.document(unsent).orElseThrow().status()).isEqualTo(DocumentStatus.READY);

            ledger.insertDocuments(List.of(a, newer));
            LedgerDocument stored = ledger.latestForKey("c", "ORDER_RESPONSE", older).orElseThrow();
            assertThat(stored.documentId()).isEqualTo("b2-" + name);
            assertThat(ledger.document(stored.pk()).orElseThrow())
                    .satisfies(d -> {
                        assertThat(d.payload()).isEqualTo("<newer/>");
                        assertThat(d.sourceRecord()).isEqualTo("newer;row");
                        assertThat(d.sourceLine()).isEqualTo(3);
                    });
            assertThat(ledger.document(unsent).orElseThrow().status()).isEqualTo(DocumentStatus.SUPERSEDED);
            // the deciding view of many documents holds no content
            assertThat(ledger.headers(List.of(stored.pk(), unsent)))
                    .extracting(LedgerDocument::pk, LedgerDocument::payload).containsExactly(
                            Tuple.tuple(unsent, null), Tuple.tuple(stored.pk(), null));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theSuccessOfAnUploadIsRecordedWithTheStartOfTheNextAttempt(String name, String url, String user) {
        try (Ledger ledger = new Ledger(url, user, "")) {
            long run = ledger.startRun("run");
            long one = ledger.insertDocument("c", "ORDER_RESPONSE", "S-1-" + name, "h", "s1-" + name, "<1/>", "f.csv", 2, run);
            long two = ledger.insertDocument("c", "ORDER_RESPONSE", "S-2-" + name, "h", "s2-" + name, "<2/>", "f.csv", 3, run);
            long a1 = ledger.beginAttempt(one, run, "SFTP", null);
            ledger.beginAttempt(two, run, "SFTP", new Ledger.Success(a1, one, "ORDRSP_1.xml", null, null));

            assertThat(ledger.document(one).orElseThrow()).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DocumentStatus.SENT);
                assertThat(d.remoteName()).isEqualTo("ORDRSP_1.xml");
            });
            assertThat(ledger.attempts(one)).extracting(Attempt::outcome).containsExactly("SENT");
            assertThat(ledger.document(two).orElseThrow().status()).isEqualTo(DocumentStatus.SENDING);
            assertThat(ledger.deliverableKeys("c", "ORDER_RESPONSE")).contains(two).doesNotContain(one);
        }
    }

    @Test
    void payloadsStoredBeforeTheyMovedToTheirOwnTableAreKept() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("v3/ledger");
        // a ledger as the version before V4 left it, with a document in it
        Flyway.configure().dataSource(url, "edigate", "").target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "edigate", "");
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO gateway_run (id, kind, started_at) VALUES (1, 'run', CURRENT_TIMESTAMP)");
            st.executeUpdate("INSERT INTO document (client_id, doc_type, business_key, content_hash, document_id, payload,"
                    + " status, attempts, created_at, updated_at, run_id, source_record) VALUES ('c', 'ORDER_RESPONSE',"
                    + " 'PO-1/VO-1', 'h', 'old-doc', '<OrderResponse/>', 'SENT', 1, CURRENT_TIMESTAMP,"
                    + " CURRENT_TIMESTAMP, 1, 'VO-1;20-11-2026')");
        }
        try (Ledger ledger = new Ledger(url, "edigate", "")) {
            assertThat(ledger.findByDocumentId("old-doc")).get().satisfies(d -> {
                assertThat(d.payload()).isEqualTo("<OrderResponse/>");
                assertThat(d.sourceRecord()).isEqualTo("VO-1;20-11-2026");
                assertThat(d.status()).isEqualTo(DocumentStatus.SENT);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void documentsStoredBeforeTheirStateMovedToItsOwnTableKeepIt(String name, String shared, String user) throws Exception {
        String url = name.equals("H2") ? "jdbc:h2:file:" + dir.resolve("v9/ledger") : newPostgresDatabase("v9");
        // a ledger as the version before V10 left it: one document delivered and waiting for its answer, one
        // superseded by a newer one that is waiting for delivery
        Flyway.configure().dataSource(url, user, "").target("9").load().migrate();
        // an hour ago, so that its answer (due 24 hours after) is not overdue now, whatever the day
        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        try (Connection c = DriverManager.getConnection(url, user, "");
             Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO gateway_run (kind, started_at) VALUES ('run', CURRENT_TIMESTAMP)");
            long run;
            try (var rs = st.executeQuery("SELECT MAX(id) FROM gateway_run")) {
                rs.next();
                run = rs.getLong(1);
            }
            try (var ps = c.prepareStatement("INSERT INTO document (client_id, doc_type, business_key, content_hash,"
                    + " document_id, status, attempts, created_at, updated_at, sent_at, remote_name, ack_due_at, run_id)"
                    + " VALUES ('c', 'ORDER_RESPONSE', ?, 'h', ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[][] rows = {{"PO-1/VO-1", "v9-sent", "SENT", 2, "ORDRSP_v9-sent.xml"},
                        {"PO-2/VO-2", "v9-old", "READY", 0, null}, {"PO-2/VO-2", "v9-new", "READY", 0, null}};
                for (Object[] r : rows) {
                    boolean delivered = r[4] != null;
                    ps.setString(1, (String) r[0]);
                    ps.setString(2, (String) r[1]);
                    ps.setString(3, (String) r[2]);
                    ps.setInt(4, (Integer) r[3]);
                    ps.setTimestamp(5, java.sql.Timestamp.from(sent.minusSeconds(3600)));
                    ps.setTimestamp(6, java.sql.Timestamp.from(sent));
                    ps.setTimestamp(7, delivered ? java.sql.Timestamp.from(sent) : null);
                    ps.setString(8, (String) r[4]);
                    ps.setTimestamp(9, delivered ? java.sql.Timestamp.from(sent.plus(Duration.ofHours(24))) : null);
                    ps.setLong(10, run);
                    ps.executeUpdate();
                }
            }
            st.executeUpdate("INSERT INTO document_content (document_pk, payload) SELECT id, '<OrderResponse/>' FROM document");
            st.executeUpdate("UPDATE document SET status = 'SUPERSEDED', superseded_by = (SELECT id FROM document"
                    + " WHERE document_id = 'v9-new') WHERE document_id = 'v9-old'");
        }
        try (Ledger ledger = new Ledger(url, user, "")) {
            LedgerDocument delivered = ledger.findByDocumentId("v9-sent").orElseThrow();
            assertThat(delivered.status()).isEqualTo(DocumentStatus.SENT);
            assertThat(delivered.attempts()).isEqualTo(2);
            assertThat(delivered.remoteName()).isEqualTo("ORDRSP_v9-sent.xml");
            assertThat(delivered.sentAt()).isEqualTo(sent);
            assertThat(delivered.ackDueAt()).isEqualTo(sent.plus(Duration.ofHours(24)));
            assertThat(ledger.findByDocumentId("v9-old").orElseThrow().status()).isEqualTo(DocumentStatus.SUPERSEDED);
            long newer = ledger.findByDocumentId("v9-new").orElseThrow().pk();
            assertThat(ledger.deliverableKeys("c", "ORDER_RESPONSE")).containsExactly(newer);
            assertThat(ledger.find(DocumentFilter.all().withOverdueOnly(), 10, 0)).isEmpty();
            // the next night goes on from there: the document waiting is delivered as before
            long attempt = ledger.beginAttempt(newer, ledger.startRun("run"), "SFTP");
            ledger.attemptSucceeded(attempt, newer, "ORDRSP_v9-new.xml", null);
            assertThat(ledger.document(newer).orElseThrow().status()).isEqualTo(DocumentStatus.SENT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void severalProcessesOpenTheLedgerAndOneHoldsTheDeliveryLeaseUntilItGivesItBackOrItExpires(String name, String url,
                                                                                              String user) {
        try (Ledger serve = new Ledger(url, user, ""); Ledger operator = new Ledger(url, user, "")) {
            Instant now = Instant.now();
            assertThat(serve.acquireLease("serve A", Duration.ofSeconds(60), now)).isTrue();
            assertThat(operator.lastFinishedRunStart()).isNotNull(); // read-only work beside it
            assertThat(operator.acquireLease("run B", Duration.ofSeconds(60), now)).isFalse();
            assertThat(operator.leaseHolder(now)).get().extracting(Ledger.Lease::owner).isEqualTo("serve A");
            assertThat(serve.acquireLease("serve A", Duration.ofSeconds(60), now.plusSeconds(30))).as("renewal").isTrue();
            // A stops renewing (it crashed): after the lease's time another may take it
            assertThat(operator.acquireLease("run B", Duration.ofSeconds(60), now.plusSeconds(89))).isFalse();
            assertThat(operator.acquireLease("run B", Duration.ofSeconds(60), now.plusSeconds(91))).isTrue();
            operator.releaseLease("run B");
            assertThat(serve.leaseHolder(now.plusSeconds(92))).isEmpty();
        }
    }

    @Test
    void theEmbeddedLedgerIsServedToTheOtherProcessesOnLoopbackOnly() throws Exception {
        Path folder = dir.resolve("shared/ledger");
        try (Ledger ignored = new Ledger("jdbc:h2:file:" + folder.resolve("edigate"), "edigate", "")) {
            String lock = Files.readString(folder.resolve("edigate.lock.db"), java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("server=[^\\n]*?(\\d+)\\s").matcher(lock);
            assertThat(m.find()).as(lock).isTrue();
            int port = Integer.parseInt(m.group(1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("edigate.lock.db"))))
                    .isEqualTo("rw-------");
            try (java.net.Socket local = new java.net.Socket("127.0.0.1", port)) {
                assertThat(local.isConnected()).isTrue(); // the gateway's other processes reach it
            }
            // from any other address of this machine (as from another machine): refused
            List<java.net.InetAddress> others = new java.util.ArrayList<>();
            for (java.net.NetworkInterface n : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                if (n.isUp() && !n.isLoopback()) {
                    java.util.Collections.list(n.getInetAddresses()).stream()
                            .filter(a -> a instanceof java.net.Inet4Address).forEach(others::add);
                }
            }
            org.junit.jupiter.api.Assumptions.assumeFalse(others.isEmpty(), "this machine has no other address");
            for (java.net.InetAddress a : others) {
                Assertions.assertThatThrownBy(() -> new java.net.Socket(a, port).close()).as(a.toString())
                        .isInstanceOf(java.net.ConnectException.class);
            }
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
