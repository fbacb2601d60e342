package nl.edigate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive `mvn package` makes, unpacked into an empty folder on this machine, used as an operator
 * would: `bin/edigate --version`, the demo (`bin/edigate-demo`), and then `bin/edigate messages` and `run`
 * against the configuration the demo left behind, from another folder: nothing of the project is needed.
 */
class DistributionArchiveIT {
    @TempDir
    Path dir;

    record Result(int code, String out) {
    }

    private Result run(Path cwd, String... command) throws Exception {
        Path log = Files.createTempFile(dir, "out", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // a home of its own, not this user's, and with a space in its path as many homes have
        pb.environment().put("HOME", dir.resolve("home with space").toString());
        pb.environment().remove("EDIGATE_CDS_DIR");
        pb.environment().remove("XDG_CACHE_HOME");
        Process p = pb.start();
        p.waitFor(); // to its end however long a slow machine takes; @Timeout guards a hang
        return new Result(p.exitValue(), Files.readString(log));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a hang guard, not a speed limit
    void unpackedInAnEmptyFolderTheArchiveRunsTheDemoAndARun() throws Exception {
        Path archive = Path.of(System.getProperty("edigate.archive"));
        Path install = Files.createDirectories(dir.resolve("opt"));
        assertThat(run(install, "tar", "xzf", archive.toString()).code()).isZero();
        Path home;
        try (Stream<Path> top = Files.list(install)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        for (String part : List.of("bin/edigate", "bin/edigate-demo", "lib", "routes", "config/gateway.properties",
                "config/clients/opdrachtgever.properties", "systemd/edigate.service", "docs/install.md", "demo/lib")) {
            assertThat(home.resolve(part)).as(part).exists();
        }
        assertThat(Files.isExecutable(home.resolve("bin/edigate"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("config/gateway.properties"))))
                .isEqualTo("rw-------");
        assertThat(names(home.resolve("lib"))).noneMatch(n -> n.contains("simulator") || n.startsWith("sshd-")
                || n.startsWith("bc") || n.contains("demo"));
        assertThat(names(home.resolve("demo/lib"))).anyMatch(n -> n.contains("simulator"));

        Path elsewhere = Files.createDirectories(dir.resolve("somewhere-else"));
        Result version = run(elsewhere, home.resolve("bin/edigate").toString(), "--version");
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).containsPattern("edigate \\d+\\.\\d+\\.\\d+\\S*, built \\d{4}-\\d{2}-\\d{2}");

        Result demo = run(elsewhere, home.resolve("bin/edigate-demo").toString());
        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("=== 1. The nightly run", "The demo's configuration is left behind");
        Path left = home.resolve("target/demo/config/gateway.properties");
        assertThat(left).exists();

        Result messages = run(elsewhere, home.resolve("bin/edigate").toString(), "messages", "--config", left.toString());
        assertThat(messages.code()).as(messages.out()).isZero();
        assertThat(messages.out()).contains("PO-88001", "per status:").doesNotContain("[cds");
        // the first `messages` wrote down its classes; the class data sharing archive made from them in the
        // background appears whole, and the list is gone (the event waited for)
        Path cds = dir.resolve("home with space/.cache/edigate");
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(cds).size() == 2 && names(cds).stream().anyMatch(n -> n.endsWith(".jsa")));
        assertThat(names(cds)).allMatch(n -> n.matches("edigate-\\d+-read\\.jsa(\\.tried)?"));
        Result again = run(elsewhere, home.resolve("bin/edigate").toString(), "messages", "--config", left.toString());
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).as("the same from the archive").contains("PO-88001", "per status:").doesNotContain("[cds");
        assertThat(names(cds)).as("read, not written again").hasSize(2);

        // a run from the unpacked folder with its own template configuration, the paths in it relative to
        // config/: the ledger, inbox and archive appear under the install's data/, the routes are found
        Result templateRun = run(elsewhere, home.resolve("bin/edigate").toString(), "clients", "check");
        assertThat(templateRun.out()).doesNotContain(elsewhere.toString()).doesNotContain("\tat ");
        Result night = run(elsewhere, home.resolve("bin/edigate").toString(), "run", "--config", left.toString());
        assertThat(night.code()).as(night.out()).isLessThan(2);
        assertThat(night.out()).contains("edigate run", "result:");
        // `run` has its own archive, made the same way (waited for: the folder is deleted after the test)
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> names(cds).size() == 4 && names(cds).stream().anyMatch(n -> n.endsWith("-run.jsa")));
        Result again2 = run(elsewhere, home.resolve("bin/edigate").toString(), "run", "--config", left.toString());
        assertThat(again2.code()).as(again2.out()).isLessThan(2);
        assertThat(again2.out()).contains("edigate run", "result:").doesNotContain("[cds");
    }

    private static List<String> names(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.forEach(f -> out.add(f.getFileName().toString()));
        }
        return out;
    }
}
