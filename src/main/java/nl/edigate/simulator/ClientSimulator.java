package nl.edigate.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;

/**
 * The client, simulated on loopback for the demo and the tests: its SFTP server with its own host key,
 * a fresh key pair for the gateway that the server authorises, a known_hosts file with the server's
 * key, and the gateway configuration pointed at all of it.
 */
public final class ClientSimulator implements AutoCloseable {
    public static final String USER = "leverancier";

    private final Path workDir;
    private final SftpSimulator sftp;
    private final Path privateKey;
    private final Path knownHosts;
    private final KeyPair gatewayKey;

    private ClientSimulator(Path workDir) throws IOException {
        this.workDir = workDir.toAbsolutePath();
        Path keys = this.workDir.resolve("keys");
        gatewayKey = SshKeys.generateEd25519();
        privateKey = keys.resolve("edigate_ed25519");
        SshKeys.writePrivateKey(gatewayKey, privateKey);
        sftp = SftpSimulator.start(this.workDir.resolve("client-sftp"), USER, gatewayKey.getPublic());
        knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, sftp.knownHostsLine() + "\n");
    }

    public static ClientSimulator start(Path workDir) throws IOException {
        return new ClientSimulator(workDir);
    }

    public SftpSimulator sftp() {
        return sftp;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public KeyPair gatewayKey() {
        return gatewayKey;
    }

    public Path workDir() {
        return workDir;
    }

    public Path inbox() {
        return workDir.resolve("inbox");
    }

    /**
     * The shipped configuration, with the ledger and inbox moved into the work folder and the client's
     * channel pointed at this simulator. {@code overrides} win over both files (keys of either).
     */
    public GatewayConfig config(Path gatewayFile, Map<String, String> overrides) throws IOException {
        Settings gateway = Settings.load(gatewayFile)
                .with("ledger.jdbc-url", "jdbc:h2:file:" + workDir.resolve("ledger/edigate"))
                .with("inbox.dir", inbox().toString())
                .with("inbox.archive-dir", workDir.resolve("archive").toString())
                .with("inbox.rejected-dir", workDir.resolve("rejected").toString());
        Settings client = Settings.load(Path.of(gateway.required("clients").split(",")[0].trim()))
                .with("sftp.host", "127.0.0.1")
                .with("sftp.port", Integer.toString(sftp.port()))
                .with("sftp.user", USER)
                .with("sftp.private-key-file", privateKey.toString())
                .with("sftp.known-hosts-file", knownHosts.toString())
                .with("retry.initial-backoff", "1s");
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
            client = client.with(e.getKey(), e.getValue());
        }
        Files.createDirectories(inbox());
        return GatewayConfig.from(gateway, List.of(ClientProfile.from(client)));
    }

    @Override
    public void close() {
        sftp.close();
    }
}
