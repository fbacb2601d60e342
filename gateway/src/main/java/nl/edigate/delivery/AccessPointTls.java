package nl.edigate.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

import nl.edigate.config.AccessPointSettings;
import nl.edigate.config.ConfigException;

/**
 * Mutual TLS towards the access point: TLS 1.2 or newer; our client certificate from the PKCS#12 file the
 * AP issued (its password from the environment, kept in memory only); the AP's server certificate checked
 * against the JVM's trust store, or the configured PEM file; host names always verified.
 */
public final class AccessPointTls {
    /** The client certificate as read at start: who it names and until when it is valid. */
    public record ClientCertificate(String subject, Instant notBefore, Instant notAfter) {
        /** Why the AP would refuse it at this instant, or null when it is valid. */
        public String problem(Instant now) {
            if (now.isAfter(notAfter)) {
                return "the access point's client certificate (" + subject + ") expired on " + notAfter
                        + ": the AP refuses it; install the new certificate the AP issues in ap.keystore-file";
            }
            if (now.isBefore(notBefore)) {
                return "the access point's client certificate (" + subject + ") is not valid before " + notBefore;
            }
            return null;
        }
    }

    private final SSLContextParameters parameters;
    private final ClientCertificate certificate;

    private AccessPointTls(SSLContextParameters parameters, ClientCertificate certificate) {
        this.parameters = parameters;
        this.certificate = certificate;
    }

    public static AccessPointTls of(AccessPointSettings ap) {
        char[] password = ap.keystorePassword();
        KeyStore keys;
        ClientCertificate cert;
        try (InputStream in = Files.newInputStream(ap.keystoreFile())) {
            keys = KeyStore.getInstance("PKCS12");
            keys.load(in, password);
            List<String> aliases = Collections.list(keys.aliases()).stream().filter(a -> isKey(keys, a)).toList();
            if (aliases.size() != 1) {
                throw new ConfigException("ap.keystore-file " + ap.keystoreFile() + " must hold exactly one private key"
                        + " with its certificate (the one the access point issued); it holds " + aliases.size());
            }
            X509Certificate x = (X509Certificate) keys.getCertificate(aliases.get(0));
            cert = new ClientCertificate(x.getSubjectX500Principal().getName(), x.getNotBefore().toInstant(),
                    x.getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException e) {
            // a wrong password shows as an IOException: say so without the password
            throw new ConfigException("ap.keystore-file " + ap.keystoreFile() + " cannot be opened as PKCS#12 with the"
                    + " password from " + (ap.keystorePasswordFile() != null ? "ap.keystore-password-file"
                    : "environment variable " + ap.keystorePasswordEnv()) + ": " + e.getMessage());
        }
        SSLContextParameters params = ClientTls.parameters(null);
        KeyStoreParameters store = new KeyStoreParameters();
        store.setKeyStore(keys);
        KeyManagersParameters km = new KeyManagersParameters();
        km.setKeyStore(store);
        km.setKeyPassword(new String(password));
        Arrays.fill(password, ' ');
        params.setKeyManagers(km);
        if (ap.trustFile() != null) {
            KeyStoreParameters trustStore = new KeyStoreParameters();
            trustStore.setKeyStore(ClientTls.trustStore(ap.trustFile(), "ap.trust-file"));
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(trustStore);
            params.setTrustManagers(trust);
        }
        return new AccessPointTls(params, cert);
    }

    private static boolean isKey(KeyStore ks, String alias) {
        try {
            return ks.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Why the server refuses our client certificate, or null when it does not (or cannot be reached). Under
     * TLS 1.3 the server judges the client's certificate after the handshake has completed on the client's
     * side, so a refused certificate shows to an HTTP request as a broken pipe or a reset; a handshake
     * followed by a read, before anything is written, receives the server's alert itself, or sees it close
     * a connection on which nothing was asked yet.
     */
    public String refusal(org.apache.camel.CamelContext context, String host, int port) {
        try {
            javax.net.ssl.SSLSocketFactory factory = parameters.createSSLContext(context).getSocketFactory();
            try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) factory.createSocket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), 10_000);
                socket.setSoTimeout(5_000);
                socket.startHandshake();
                // a server that took the certificate waits for a request; one that refused it says so with an
                // alert, or (the JDK's own server) just closes the connection
                return socket.getInputStream().read() < 0
                        ? "the connection was closed right after the TLS handshake, before any request" : null;
            }
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                String m = t.getMessage() == null ? "" : t.getMessage();
                if (m.toLowerCase(java.util.Locale.ROOT).contains("received fatal alert")) {
                    return m;
                }
            }
            return null;
        }
    }

    public SSLContextParameters parameters() {
        return parameters;
    }

    public ClientCertificate certificate() {
        return certificate;
    }
}
