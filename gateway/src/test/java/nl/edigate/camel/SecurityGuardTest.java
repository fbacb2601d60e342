package nl.edigate.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.simulator.ClientSimulator;

/** Switching the host key check off in a route stops the gateway, unless an explicit insecure flag says so. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class SecurityGuardTest {

    @TempDir
    Path dir;

    Path routesWithoutHostKeyCheck() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.toList()) {
                Files.writeString(routes.resolve(f.getFileName()), Files.readString(f)
                        .replace("strictHostKeyChecking: \"yes\"", "strictHostKeyChecking: \"no\""));
            }
        }
        return routes;
    }

    @Test
    void aRouteWithoutHostKeyCheckingDoesNotStartWithoutTheExplicitFlag() throws Exception {
        Path routes = routesWithoutHostKeyCheck();
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            GatewayConfig config = client.config(Path.of("config/gateway.properties"), Map.of("routes.dir", routes.toString()));
            try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
                assertThatThrownBy(() -> new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone()))
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining("strictHostKeyChecking=no").hasMessageContaining("security.allow-insecure");
                // as `serve` (the acknowledgement consumer starts by itself): refused before it could poll
                assertThatThrownBy(() -> new GatewayRuntime(config, ledger, true, Clock.systemDefaultZone()))
                        .isInstanceOf(ConfigException.class).hasMessageContaining("strictHostKeyChecking=no");
                assertThat(client.sftp().sessionsOpened()).as("no route reached the server").isZero();
            }
            GatewayConfig insecure = client.config(Path.of("config/gateway.properties"),
                    Map.of("routes.dir", routes.toString(), "security.allow-insecure", "true"));
            try (Ledger ledger = new Ledger(insecure.jdbcUrl(), "edigate", "");
                 GatewayRuntime runtime = new GatewayRuntime(insecure, ledger, false, Clock.systemDefaultZone())) {
                assertThat(runtime.nightlyRun()).isNotNull();
            }
        }
    }

    @Test
    void theShippedRoutesAndTheDemoNeedNoInsecureFlag() throws Exception {
        assertThat(Files.readString(Path.of("config/gateway.properties"))).doesNotContain("security.allow-insecure=true");
        try (ClientSimulator client = ClientSimulator.start(dir.resolve("sim"))) {
            GatewayConfig config = client.config(Path.of("config/gateway.properties"), Map.of());
            assertThat(config.allowInsecure()).isFalse();
            try (Ledger ledger = new Ledger(config.jdbcUrl(), "edigate", "")) {
                try (GatewayRuntime runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
                    assertThat(runtime.isStarted("nightly-run")).isTrue();
                    assertThat(runtime.isStarted("nightly-schedule")).isFalse();
                    assertThat(runtime.hasRoute("nightly-schedule")).as("no schedule outside serve").isFalse();
                    assertThat(runtime.isStarted("acknowledgement-schedule")).isFalse();
                }
                // `serve`: after the guard passed, the schedule and the acknowledgement consumer start by themselves
                try (GatewayRuntime runtime = new GatewayRuntime(config, ledger, true, Clock.systemDefaultZone())) {
                    assertThat(runtime.isStarted("nightly-schedule")).isTrue();
                    assertThat(runtime.isStarted("acknowledgement-schedule")).isTrue();
                    assertThat(runtime.isStarted("collect-acknowledgements-opdrachtgever")).isTrue();
                    assertThat(runtime.isStarted("deliver-sftp-opdrachtgever")).isTrue();
                    assertThat(runtime.isStarted("deliver-https-opdrachtgever")).isTrue();
                    assertThat(runtime.isStarted("oauth2-token-opdrachtgever")).isTrue();
                }
            }
        }
    }
}
