package nl.edigate.acks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import nl.edigate.simulator.Mlr;
import nl.edigate.validation.PeppolValidator;

class MlrTest {
    @Test
    void theSimulatorsAcknowledgementsAreValidPeppolT71() {
        String ap = Mlr.write("MLR-1", "doc-1", "8798765000008", "8712345000004", "AP", null, List.of());
        String re = Mlr.write("MLR-2", "doc-2", "8798765000008", "8712345000004", "RE", "rejected",
                List.of(new Mlr.Reason("3", "BV", "unknown item code K-60012")));
        assertThat(PeppolValidator.get().validate(PeppolValidator.MLR, ap)).isEmpty();
        assertThat(PeppolValidator.get().validate(PeppolValidator.MLR, re)).isEmpty();
        assertThat(PeppolValidator.get().validate(PeppolValidator.MLR, ap.replace("urn:fdc:peppol.eu:poacc:bis:mlr:3", "x")))
                .isNotEmpty();
    }
}
