package nl.edigate.operators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Payloads as operators read them: indented, and never an external entity resolved on the way. */
class DisplayTest {
    @Test
    void xmlAndJsonAreIndentedAndADoctypeIsShownAsStored() {
        assertThat(Display.pretty("<a><b>1</b><c/></a>")).contains("<a>\n  <b>1</b>\n  <c/>\n</a>");
        assertThat(Display.pretty("{\"a\":1}")).contains("\"a\" : 1").contains("\n");
        String hostile = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";
        assertThat(Display.pretty(hostile)).as("refused to parse: shown as stored").isEqualTo(hostile);
        assertThat(Display.pretty("not xml")).isEqualTo("not xml");
    }
}
