package nl.edigate.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;

/** Ed25519 keys for the demo and the tests: generated fresh, written as OpenSSH files. */
public final class SshKeys {
    private SshKeys() {
    }

    public static KeyPair generateEd25519() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Writes the private key in OpenSSH format, readable by its owner only. */
    public static void writePrivateKey(KeyPair key, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "edigate", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot write the private key " + file + ": " + e.getMessage(), e);
        }
    }

    /** "ssh-ed25519 AAAA..." */
    public static String publicKeyLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** A known_hosts line in the [host]:port form that JSch and OpenSSH use for a non-standard port. */
    public static String knownHostsLine(String host, int port, PublicKey hostKey) {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        return name + " " + publicKeyLine(hostKey);
    }
}
