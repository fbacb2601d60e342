package nl.edigate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The run report as operators read it: what failed for each source, whole, never cut into the next. */
class RunReportTextTest {

    @Test
    void eachSourcesCollectionFailureIsALineOfItsOwnHoweverLongTheOthersAre() {
        Map<String, AckTally> bySource = new LinkedHashMap<>();
        for (String source : new String[] {"opdrachtgever", "bouwcombinatie", "access point"}) {
            AckTally t = new AckTally();
            t.failed("the server of " + source + " did not answer: " + "x".repeat(450));
            bySource.put(source, t);
        }
        RunReport r = new RunReport(1);
        r.acknowledgements(AckTally.merge(bySource));
        String text = r.toText();
        assertThat(text.lines().filter(l -> l.startsWith("  COLLECTION FAILED: "))).hasSize(3);
        assertThat(text).contains("COLLECTION FAILED: access point: the server of access point did not answer");
        assertThat(r.headline()).contains("acknowledgement collection failed");
    }
}
