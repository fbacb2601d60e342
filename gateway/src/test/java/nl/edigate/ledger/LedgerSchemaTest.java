package nl.edigate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
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
        Path resources = Path.of("ledger/src/main/resources/db");
        int newest = Math.max(versions(resources.resolve("migration")).get(0),
                versions(resources.resolve("migration-h2")).get(0));
        assertThat(LedgerSchema.VERSION).as("LedgerSchema.VERSION follows the migrations")
                .isEqualTo(newest);
        // a migration written for one database alone is written for the other as well, under the same version
        assertThat(versions(resources.resolve("migration-h2")))
                .isEqualTo(versions(resources.resolve("migration-postgresql")));
    }

    /** The versions of the migrations in a folder, newest first. */
    private static List<Integer> versions(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .sorted(Comparator.reverseOrder()).toList();
        }
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
