package nl.edigate.simulator;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import nl.edigate.files.OwnerOnly;

/** A private CA like the client's, made fresh: it issues the simulator's server certificate. */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair key;
    private final X509Certificate certificate;
    /** The key of the last server certificate issued, for {@link #mutualServerContext}. */
    private KeyManager[] keyManagers;

    private CertificateAuthority(String name) {
        try {
            key = ecKey();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder b = builder(subject, subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            certificate = sign(b, key);
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a CA: " + e.getMessage(), e);
        }
    }

    public static CertificateAuthority create(String name) {
        return new CertificateAuthority(name);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as the client publishes it: PEM. */
    public void writePem(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n");
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A server SSLContext with a certificate for the given host names and IP addresses. */
    public SSLContext serverContext(List<String> names) {
        try {
            char[] password = Long.toHexString(RANDOM.nextLong()).toCharArray();
            KeyStore ks = serverKeystore(names, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            keyManagers = kmf.getKeyManagers();
            ctx.init(keyManagers, null, RANDOM);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a server certificate: " + e.getMessage(), e);
        }
    }

    /** A server certificate for the given names and its key in a PKCS#12 file (for a server that reads one). */
    public void writeServerKeystore(Path file, List<String> names, char[] password) throws IOException {
        try (var out = Files.newOutputStream(file)) {
            serverKeystore(names, password).store(out, password);
            OwnerOnly.restrictFile(file);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write a server certificate: " + e.getMessage(), e);
        }
    }

    private KeyStore serverKeystore(List<String> names, char[] password) {
        try {
            KeyPair serverKey = ecKey();
            X509v3CertificateBuilder b = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + names.get(0)), serverKey);
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) {
                boolean ip = n.matches("[0-9.]+") || n.contains(":");
                alt.add(ip ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(n).getHostAddress())
                        : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(new GeneralName[0])));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate serverCert = sign(b, key);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey.getPrivate(), password, new X509Certificate[] {serverCert, certificate});
            return ks;
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a server certificate: " + e.getMessage(), e);
        }
    }

    /**
     * A server SSLContext as {@link #serverContext}, which also asks every client for a certificate and
     * trusts only those this CA issued, valid now (mutual TLS, as the access point does).
     */
    public SSLContext mutualServerContext(List<String> names) {
        try {
            serverContext(names); // issues the server certificate; its key managers are kept
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("client-ca", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), RANDOM);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a mutual TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A client certificate for {@code subject} in a PKCS#12 file under {@code password}, as the access
     * point issues it: valid from {@code notBefore} to {@code notAfter} (an expired one for tests).
     */
    public void writeClientKeystore(Path file, String subject, char[] password, Instant notBefore, Instant notAfter)
            throws IOException {
        try {
            KeyPair clientKey = ecKey();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, RANDOM), Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + subject),
                    clientKey.getPublic());
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate clientCert = sign(b, key);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", clientKey.getPrivate(), password, new X509Certificate[] {clientCert, certificate});
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
            // a private key: readable by its owner only, as the gateway demands of the one it is given
            OwnerOnly.restrictFile(file);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot issue a client certificate: " + e.getMessage(), e);
        }
    }

    /** A client certificate valid from an hour ago for 30 days. */
    public void writeClientKeystore(Path file, String subject, char[] password) throws IOException {
        Instant now = Instant.now();
        writeClientKeystore(file, subject, password, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
    }

    private static KeyPair ecKey() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair subjectKey) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                subjectKey.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
