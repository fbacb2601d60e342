package nl.edigate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;

/** A ledger's content as text, to search for what must never be in it. */
public final class LedgerDump {
    private LedgerDump() {
    }

    /** Every value of every table, as text. */
    public static String of(String url) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = DriverManager.getConnection(url, "edigate", "");
             Statement s = c.createStatement()) {
            for (String table : List.of("gateway_run", "document", "delivery_attempt", "rejection", "inbox_file")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            sb.append(rs.getString(i)).append('\t');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }
}
