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

    public static void putDemoExports(Path inbox) throws IOException {
        for (String name : new String[] {"orders_20261125-231000.csv", "projects_20261125-231000.json"}) {
            try (var in = ConfigFiles.class.getResourceAsStream("/demo/" + name)) {
                Files.copy(in, inbox.resolve(name));
            }
        }
    }
}
