package nl.edigate.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** Nothing from outside can start a new line in a log or a report. */
class PrintableTest {

    @Test
    void controlCharactersBecomeVisibleAndLongTextIsCut() {
        assertThat(Printable.of("jansen\r\n12:00:00 INFO console: admin logged in")).doesNotContain("\n", "\r")
                .startsWith("jansen\\r\\n12:00");
        assertThat(Printable.of("a\u001b[31mred\u0007\u2028b")).isEqualTo("a\\u001b[31mred\\u0007\\u2028b");
        assertThat(Printable.of("x".repeat(1_000_000))).hasSizeLessThan(600).endsWith("(1000000 characters)");
        assertThat(Printable.of("plain text, é and €")).isEqualTo("plain text, é and €");
    }

    @Test
    void theShippedLogLayoutWritesALineBreakInAMessageAsText() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        var layout = ctx.getConfiguration().getAppender("stderr").getLayout();
        var event = Log4jLogEvent.newBuilder().setLoggerName("nl.edigate.console.ConsoleServer").setLevel(Level.WARN)
                .setMessage(new SimpleMessage("console: failed login for 'x\n12:00:00.000 INFO  ConsoleServer - admin logged in'"))
                .build();
        String line = layout.toSerializable(event).toString();
        assertThat(line.strip()).doesNotContain("\n").contains("x\\n12:00:00.000 INFO");
    }
}
