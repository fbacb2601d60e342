package nl.edigate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import nl.edigate.simulator.ClientSimulator;

/** Writes the shipped config files, pointed at a simulator and a work folder, as an operator would. */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** Returns the gateway file. The API secret is read from the environment variable EDIGATE_API_CLIENT_SECRET. */
    public static Path write(Path dir, ClientSimulator client) throws IOException {
        Path clientFile = dir.resolve("client.properties");
        Files.writeString(clientFile, Files.readString(Path.of("config/clients/opdrachtgever.properties"))
                .replace("sftp.host=sftp.acceptatie.opdrachtgever.example", "sftp.host=127.0.0.1")
                .replace("sftp.port=22", "sftp.port=" + client.sftp().port())
                .replace("sftp.user=leverancier-8712345000004", "sftp.user=" + ClientSimulator.USER)
                .replace("/etc/edigate/keys/opdrachtgever_ed25519", client.workDir().resolve("keys/edigate_ed25519").toString())
                .replace("/etc/edigate/known_hosts", client.knownHosts().toString())
                .replace("https://api.acceptatie.opdrachtgever.example", client.api().baseUrl())
                .replace("/etc/edigate/opdrachtgever-ca.pem", client.caFile().toString()));
        Path gateway = dir.resolve("gateway.properties");
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(gateway, Files.readString(Path.of("config/gateway.properties"))
                .replace("./data/ledger/edigate", dir.resolve("ledger/edigate").toString())
                .replace("inbox.dir=data/inbox", "inbox.dir=" + dir.resolve("inbox"))
                .replace("inbox.archive-dir=data/archive", "inbox.archive-dir=" + dir.resolve("archive"))
                .replace("inbox.rejected-dir=data/rejected", "inbox.rejected-dir=" + dir.resolve("rejected"))
                .replace("acks.dir=data/acks", "acks.dir=" + dir.resolve("acks"))
                .replace("inbox.stable-after=30s", "inbox.stable-after=0s")
                .replace("clients=config/clients/opdrachtgever.properties", "clients=" + clientFile));
        return gateway;
    }

    public static void putDemoExports(Path inbox) throws IOException {
        for (String name : new String[] {"orders_20261125-231000.csv", "projects_20261125-231000.json"}) {
            try (var in = ConfigFiles.class.getResourceAsStream("/demo/" + name)) {
                Files.copy(in, inbox.resolve(name));
            }
        }
    }
}
