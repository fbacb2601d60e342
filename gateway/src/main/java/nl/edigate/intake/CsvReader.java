package nl.edigate.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming reader for the ERP's semicolon CSV: {@code "} quotes a field, {@code ""} is a quote inside
 * one, CRLF or LF ends a record, and quoted fields may span lines.
 *
 * <p>Written here rather than taken from commons-csv because an unterminated quote in a 1 GB export
 * must fail with the line where the quote opened, not by buffering the rest of the file into one
 * field: every field is capped at {@link #MAX_FIELD_LENGTH} characters.
 */
public final class CsvReader implements Closeable {
    public static final int MAX_FIELD_LENGTH = 64 * 1024;

    /** A structural error: the file cannot be read as CSV from here on. */
    public static final class CsvFormatException extends IOException {
        private final long line;

        CsvFormatException(long line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }

    /** One record and the line it starts on. */
    public record Row(long line, List<String> fields) {
    }

    private final Reader in;
    private final char delimiter;
    private final char[] buf = new char[64 * 1024];
    private int pos;
    private int len;
    private long line = 1;
    private boolean atStart = true;

    public CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    private int read() throws IOException {
        if (pos == len) {
            try {
                len = in.read(buf, 0, buf.length);
            } catch (CharacterCodingException e) {
                throw new CsvFormatException(line, "bytes that are not valid in the configured character set ("
                        + e.getClass().getSimpleName() + ")");
            }
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() throws IOException {
        int c = read();
        if (c != -1) {
            pos--;
        }
        return c;
    }

    /** The next record, or null at the end of the input. Blank lines are skipped. */
    public Row next() throws IOException {
        if (atStart) {
            atStart = false;
            if (peek() == '\uFEFF') {
                read();
            }
        }
        while (true) {
            int c = peek();
            if (c == -1) {
                return null;
            }
            if (c == '\r' || c == '\n') {
                consumeLineEnd();
                continue;
            }
            break;
        }
        long startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            int c = read();
            if (c == '"' && field.length() == 0) {
                readQuoted(field, startLine);
                int after = peek();
                if (after != delimiter && after != '\r' && after != '\n' && after != -1) {
                    throw new CsvFormatException(line, "unexpected character '" + (char) after
                            + "' after a closing quote in field " + (fields.size() + 1));
                }
                continue;
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                continue;
            }
            if (c == -1 || c == '\r' || c == '\n') {
                if (c != -1) {
                    pos--;
                    consumeLineEnd();
                }
                fields.add(field.toString());
                return new Row(startLine, fields);
            }
            if (c == '"') {
                throw new CsvFormatException(line, "a quote inside an unquoted field " + (fields.size() + 1));
            }
            append(field, (char) c);
        }
    }

    private void readQuoted(StringBuilder field, long startLine) throws IOException {
        long quoteLine = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new CsvFormatException(quoteLine, "a quoted field opened here is never closed (truncated file?)");
            }
            if (c == '"') {
                if (peek() == '"') {
                    read();
                    append(field, '"');
                    continue;
                }
                return;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            append(field, (char) c);
        }
    }

    private void append(StringBuilder field, char c) throws CsvFormatException {
        if (field.length() >= MAX_FIELD_LENGTH) {
            throw new CsvFormatException(line, "a field longer than " + MAX_FIELD_LENGTH + " characters");
        }
        field.append(c);
    }

    private void consumeLineEnd() throws IOException {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
