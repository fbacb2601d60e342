package nl.edigate.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.report.RunReport;

/** A bulk resend of 10,000 FAILED documents completes in one go, each delivered once, all recorded. */
class BulkResendIT {
    static final int N = Integer.getInteger("edigate.bulk.n", 10_000);

    @TempDir
    Path dir;

    @Test
    void tenThousandFailedDocumentsAreResentInOneCommand() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.client.sftp().setValidate(false); // the importer's checks are not what is measured here
            long run = gw.ledger.startRun("test");
            try (Connection c = DriverManager.getConnection(gw.config.jdbcUrl(), "edigate", "");
                 PreparedStatement ps = c.prepareStatement("INSERT INTO document (client_id, doc_type, business_key,"
                         + " content_hash, document_id, created_at, run_id) VALUES ('opdrachtgever', 'ORDER_RESPONSE',"
                         + " ?, 'h', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement state = c.prepareStatement("INSERT INTO document_state (document_pk, status, attempts,"
                         + " updated_at, last_error) VALUES (?, 'FAILED', 1, ?, 'TRANSIENT: server away')");
                 PreparedStatement content = c.prepareStatement(
                         "INSERT INTO document_content (document_pk, payload) VALUES (?, ?)")) {
                c.setAutoCommit(false);
                Timestamp now = Timestamp.from(Instant.now());
                for (int i = 0; i < N; i++) {
                    String id = UUID.randomUUID().toString();
                    ps.setString(1, "PO-" + i + "/VO-" + i);
                    ps.setString(2, id);
                    ps.setTimestamp(3, now);
                    ps.setLong(4, run);
                    ps.executeUpdate();
                    long pk;
                    try (var keys = ps.getGeneratedKeys()) {
                        keys.next();
                        pk = keys.getLong(1);
                    }
                    state.setLong(1, pk);
                    state.setTimestamp(2, now);
                    state.addBatch();
                    content.setLong(1, pk);
                    content.setString(2, "<OrderResponse><ID>" + id + "</ID></OrderResponse>");
                    content.addBatch();
                }
                state.executeBatch();
                content.executeBatch();
                c.commit();
            }
            List<Long> failed = gw.ledger.findIds(DocumentFilter.all().withStatuses(Set.of(DocumentStatus.FAILED)));
            assertThat(failed).hasSize(N);

            Instant start = Instant.now();
            RunReport report = gw.resend(failed, Resender.Mode.AS_SENT, false, "bulk: the server is back");
            Duration took = Duration.between(start, Instant.now());
            System.out.printf("bulk resend of %d documents took %d ms%n", N, took.toMillis());

            assertThat(gw.lastResend.queued()).isEqualTo(N);
            assertThat(gw.orders(report).delivered()).isEqualTo(N);
            assertThat(gw.remoteFiles()).hasSize(N);
            assertThat(gw.ledger.countByStatus(DocumentFilter.all())).containsEntry("SENT", (long) N).hasSize(1);
            assertThat(gw.ledger.resendHistory(failed.get(N - 1))).hasSize(1);
        }
    }
}
