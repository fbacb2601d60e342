package nl.edigate.ledger;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/**
 * The ledger's schema: the migrations in {@code db/migration}, applied by Flyway when a ledger is behind.
 * A ledger at {@link #VERSION} opens without Flyway, whose scan of the class path costs a read-only
 * command most of a second.
 */
final class LedgerSchema {
    /** The newest migration in {@code db/migration*} ({@code LedgerSchemaTest} keeps this in step with the files). */
    static final int VERSION = 12;

    private LedgerSchema() {
    }

    /** True when Flyway's history says every migration up to {@link #VERSION} succeeded. */
    static boolean current(Connection c) {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" = TRUE")) {
            int newest = 0;
            while (rs.next()) {
                String v = rs.getString(1);
                if (v != null && v.matches("\\d{1,9}")) {
                    newest = Math.max(newest, Integer.parseInt(v));
                }
            }
            return newest >= VERSION;
        } catch (SQLException e) {
            return false; // no history: a new ledger, which Flyway creates
        }
    }

    /**
     * Applies the migrations the ledger lacks: those of {@code db/migration}, written once for both databases,
     * and those of {@code db/migration-h2} or {@code db/migration-postgresql}, for a statement the two spell
     * differently.
     */
    static void migrate(DataSource ledger) {
        Flyway.configure().dataSource(ledger).locations("classpath:db/migration", "classpath:" + ownFolder(ledger))
                .load().migrate();
    }

    /** The folder of the migrations written for this database alone. */
    static String ownFolder(DataSource ledger) {
        String product;
        try (Connection c = ledger.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new LedgerException("the ledger's database does not answer: " + e.getMessage(), e);
        }
        return switch (product) {
            case "H2" -> "db/migration-h2";
            case "PostgreSQL" -> "db/migration-postgresql";
            default -> throw new LedgerException("the ledger is kept in H2 or PostgreSQL, not in " + product, null);
        };
    }
}
