package nl.edigate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.LedgerDocument;

/** `messages` shows every value from outside escaped: a line break in one never makes a row of its own. */
class MessagesTableTest {

    private static LedgerDocument document(String key, String lastError) {
        Instant now = Instant.now();
        return new LedgerDocument(7, "gemeente", "INVOICE", key, "h", "INV-1", null, DocumentStatus.FAILED, 1, now, null,
                lastError, "tx-1\nforged", "invoices.csv", 2, 1L, null, null, null, null, now, null, null);
    }

    @Test
    void aLineBreakInAKeyOrAnErrorIsShownEscapedAndForgesNoRow() {
        StringWriter out = new StringWriter();
        MessagesCommand.table(new PrintWriter(out), List.of(document("F-NL\n99     ACCEPTED   forged",
                "PROTOCOL: id\n#8 ACCEPTED")), Map.of("FAILED", 1L), 0, Instant.now());
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).noneMatch(l -> l.startsWith("99") || l.startsWith("#8"));
        assertThat(out.toString()).contains("F-NL\\n99", "id\\n#8 ACCEPTED");
        // the header, the row and its note, the blank line, the two summary lines
        assertThat(lines).hasSize(6);
    }
}
