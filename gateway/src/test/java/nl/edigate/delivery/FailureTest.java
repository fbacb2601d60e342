package nl.edigate.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.security.cert.CertificateExpiredException;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/** Failure classification: each reason says what happened, and whether it is worth another try. */
class FailureTest {

    @Test
    void aServerOfferingOnlyAnOldTlsIsReportedAsSuchNotAsAnUntrustedCertificate() {
        for (String jdkSays : new String[] {
                "The server selected protocol version TLS11 is not accepted by client preferences [TLS13, TLS12]",
                "Received fatal alert: protocol_version"}) {
            Failure f = Failure.classify(new IOException("wrapped", new SSLHandshakeException(jdkSays)));
            assertThat(f.kind()).isEqualTo(Failure.Kind.TLS);
            assertThat(f.message()).startsWith("the server does not speak TLS 1.2 or newer").doesNotContain("not trusted");
        }
    }

    @Test
    void certificateProblemsAreUntrustedAndOtherHandshakeFailuresSayWhatHappened() {
        SSLHandshakeException pkix = new SSLHandshakeException("PKIX path building failed: unable to find valid"
                + " certification path to requested target");
        assertThat(Failure.classify(pkix).message()).contains("not trusted");
        SSLHandshakeException expired = new SSLHandshakeException("handshake");
        expired.initCause(new CertificateExpiredException("NotAfter: Mon Nov 30 2026"));
        assertThat(Failure.classify(expired).message()).contains("not trusted");
        Failure other = Failure.classify(new SSLHandshakeException("Received fatal alert: handshake_failure"));
        assertThat(other.kind()).isEqualTo(Failure.Kind.TLS);
        assertThat(other.message()).startsWith("the TLS handshake with the server failed").contains("handshake_failure");
    }

    @Test
    void refusedConnectionsAreWorthAnotherTry() {
        assertThat(Failure.classify(new ConnectException("Connection refused")).kind()).isEqualTo(Failure.Kind.TRANSIENT);
    }
}
