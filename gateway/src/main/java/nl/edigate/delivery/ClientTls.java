package nl.edigate.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.SecureSocketProtocolsParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import nl.edigate.config.ConfigException;

/**
 * TLS towards the client: TLS 1.2 or newer, and the client's private CA trusted explicitly from the PEM
 * file it publishes (no trust store password to keep). Certificate and host name checks stay on; there
 * is no setting to switch them off.
 */
public final class ClientTls {
    private ClientTls() {
    }

    public static SSLContextParameters parameters(Path caFile) {
        SSLContextParameters params = new SSLContextParameters();
        SecureSocketProtocolsParameters protocols = new SecureSocketProtocolsParameters();
        protocols.setSecureSocketProtocol(List.of("TLSv1.3", "TLSv1.2"));
        params.setSecureSocketProtocols(protocols);
        if (caFile != null) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setKeyStore(trustStore(caFile));
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            params.setTrustManagers(trust);
        }
        return params;
    }

    static KeyStore trustStore(Path caFile) {
        return trustStore(caFile, "api.ca-file");
    }

    /** The certificates of a PEM file as a trust store; {@code setting} names the file in a problem. */
    public static KeyStore trustStore(Path caFile, String setting) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigException(setting + " " + caFile + " holds no certificate");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("client-ca-" + i++, c);
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(setting + " " + caFile + " is not a readable PEM certificate: " + e.getMessage());
        }
    }
}
