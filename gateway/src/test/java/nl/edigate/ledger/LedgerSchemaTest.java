package nl.edigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ledger whose schema is current opens without Flyway (a read-only command's second most expensive
 * step); a new one is migrated; the version the check compares with is the newest migration file.
 */
class LedgerSchemaTest {
    @TempDir
    Path dir;

    @Test
    void theSchemaVersionIsTheNewestMigration() throws Exception {
        int newest;
        try (Stream<Path> files = Files.list(Path.of("ledger/src/main/resources/db/migration"))) {
            newest = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
        assertThat(LedgerSchema.VERSION).as("LedgerSchema.VERSION follows the migrations")
                .isEqualTo(newest);
    }

    @Test
    void aCurrentLedgerOpensWithoutMigratingANewOneIsMigrated() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger/edigate");
        try (Ledger created = new Ledger(url, "edigate", "")) {
            assertThat(created.migratedAtOpen()).as("a new ledger").isTrue();
            created.startRun("run");
        }
        try (Ledger again = new Ledger(url, "edigate", "")) {
            assertThat(again.migratedAtOpen()).as("current: Flyway not run").isFalse();
            assertThat(again.lastRun(java.util.Set.of("run"), false)).isPresent();
        }
        try (Ledger reader = Ledger.forReading(url, "edigate", "")) {
            assertThat(reader.migratedAtOpen()).isFalse();
            assertThat(reader.lastRun(java.util.Set.of("run"), false)).isPresent();
        }
        // a ledger whose history lacks the newest migration is behind: opened with Flyway
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url + ";AUTO_SERVER=TRUE", "edigate", "");
             java.sql.Statement st = c.createStatement()) {
            assertThat(LedgerSchema.current(c)).isTrue();
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '"
                    + LedgerSchema.VERSION + "'");
            assertThat(LedgerSchema.current(c)).isFalse();
        }
    }
}
