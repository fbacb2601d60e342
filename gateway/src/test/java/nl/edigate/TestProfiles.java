package nl.edigate;

import java.nio.file.Path;
import java.util.List;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;

/** Loads the repository's own config files, so tests use what ships. */
public final class TestProfiles {
    private TestProfiles() {
    }

    public static Settings gatewaySettings() {
        return Settings.load(Path.of("config/gateway.properties"));
    }

    public static Settings clientSettings() {
        return Settings.load(Path.of("config/clients/opdrachtgever.properties"));
    }

    public static ClientProfile client() {
        return ClientProfile.from(clientSettings());
    }

    public static GatewayConfig gateway() {
        return GatewayConfig.from(gatewaySettings(), List.of(client()));
    }
}
