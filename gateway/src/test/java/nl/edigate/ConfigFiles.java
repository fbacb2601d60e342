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
        return client.writeConfigFiles(dir);
    }

    /**
     * As {@link #write}, with the API secret read from the simulator's secret file, and the demo's
     * exports in the inbox: what an in-process command needs (it has no environment variable of its own).
     */
    public static Path writeWithSecretFileAndExports(Path dir, ClientSimulator client) throws IOException {
        Path gateway = write(dir, client);
        Path clientFile = dir.resolve("client.properties");
        Files.writeString(clientFile, Files.readString(clientFile).replace(
                "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                "api.client-secret-file=" + client.workDir().resolve("keys/api-client-secret")));
        putDemoExports(dir.resolve("inbox"));
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
