package nl.edigate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copied configuration folder keeps working: relative paths in a settings file (folders, key files, an
 * embedded ledger, the client profiles) resolve against that file's folder, not the current one;
 * absolute ones stay as they are.
 */
class RelativePathsTest {
    @TempDir
    Path dir;

    @Test
    void relativePathsResolveAgainstTheSettingsFilesFolder() throws Exception {
        Path config = Files.createDirectories(dir.resolve("install/config"));
        Path file = Files.writeString(config.resolve("gateway.properties"), String.join("\n",
                "inbox.dir=../data/inbox", "routes.dir=/opt/edigate/routes",
                "ledger.jdbc-url=jdbc:h2:file:../data/ledger/edigate;MODE=Regular",
                "ap.keystore-file=keys/ap.p12", "clients=clients/a.properties"));
        Settings s = Settings.load(file);
        assertThat(s.path("inbox.dir", null)).isEqualTo(dir.resolve("install/data/inbox").toAbsolutePath());
        assertThat(s.path("routes.dir", null)).isEqualTo(Path.of("/opt/edigate/routes"));
        assertThat(s.path("ap.keystore-file", null)).isEqualTo(config.resolve("keys/ap.p12").toAbsolutePath());
        assertThat(s.jdbcUrl("ledger.jdbc-url")).isEqualTo("jdbc:h2:file:" + dir.resolve("install/data/ledger/edigate")
                .toAbsolutePath() + ";MODE=Regular");
        assertThat(s.resolve("clients/a.properties")).isEqualTo(config.resolve("clients/a.properties").toAbsolutePath());
        // an override keeps the folder it resolves against
        assertThat(s.with("inbox.dir", "in").path("inbox.dir", null)).isEqualTo(config.resolve("in").toAbsolutePath());
        assertThat(new Settings("test", java.util.Map.of("inbox.dir", "rel")).path("inbox.dir", null))
                .isEqualTo(Path.of("rel"));
    }
}
