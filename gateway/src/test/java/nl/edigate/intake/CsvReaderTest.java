package nl.edigate.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {

    static List<CsvReader.Row> rows(String text) throws IOException {
        List<CsvReader.Row> out = new ArrayList<>();
        try (CsvReader r = new CsvReader(new StringReader(text), ';')) {
            for (CsvReader.Row row = r.next(); row != null; row = r.next()) {
                out.add(row);
            }
        }
        return out;
    }

    @Test
    void readsQuotedFieldsEscapedQuotesAndBothLineEnds() throws IOException {
        List<CsvReader.Row> rows = rows("a;b;c\r\n\"x;y\";\"say \"\"hi\"\"\";\n1;;3");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).fields()).containsExactly("x;y", "say \"hi\"", "");
        assertThat(rows.get(2).fields()).containsExactly("1", "", "3");
        assertThat(rows.get(2).line()).isEqualTo(3);
    }

    @Test
    void aQuotedFieldMaySpanLinesAndLineNumbersFollow() throws IOException {
        List<CsvReader.Row> rows = rows("h1;h2\n\"two\nlines\";x\nnext;y\n");
        assertThat(rows.get(1).fields()).containsExactly("two\nlines", "x");
        assertThat(rows.get(1).line()).isEqualTo(2);
        assertThat(rows.get(2).line()).isEqualTo(4);
    }

    @Test
    void skipsAByteOrderMarkAndBlankLines() throws IOException {
        List<CsvReader.Row> rows = rows("\uFEFFh1;h2\n\n1;2\n");
        assertThat(rows.get(0).fields()).containsExactly("h1", "h2");
        assertThat(rows.get(1).line()).isEqualTo(3);
    }

    @Test
    void anUnterminatedQuoteNamesTheLineWhereItOpened() {
        assertThatThrownBy(() -> rows("h\nok\n\"never closed\nmore\nmore"))
                .isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("line 3").hasMessageContaining("never closed");
    }

    @Test
    void aHugeFieldIsRefusedInsteadOfFillingTheHeap() {
        String huge = "h\n\"" + "x".repeat(CsvReader.MAX_FIELD_LENGTH + 10);
        assertThatThrownBy(() -> rows(huge)).isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("longer than");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> rows("h;i\n\"a\"b;c\n")).isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("after a closing quote");
    }

    @Test
    void aStrayQuoteInsideAnUnquotedFieldIsAnError() {
        assertThatThrownBy(() -> rows("h;i\nab\"c;d\n")).isInstanceOf(CsvReader.CsvFormatException.class)
                .hasMessageContaining("quote inside an unquoted field");
    }
}
