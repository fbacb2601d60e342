package nl.edigate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The production distribution as packaged (gateway/target: edigate.jar and lib/): no SSH server, no
 * certificate authority (BouncyCastle), no client simulator, no benchmark and no demo, in any jar.
 */
class DistributionIT {
    static final List<String> FORBIDDEN = List.of("org/apache/sshd/", "org/bouncycastle/", "nl/edigate/simulator/",
            "nl/edigate/bench/", "nl/edigate/demo/", "net/i2p/crypto/eddsa/");

    @Test
    void theProductionJarAndItsLibrariesCarryNoSshServerNoCaNoSimulatorAndNoBenchmark() throws IOException {
        Path target = Path.of(System.getProperty("edigate.distribution", "gateway/target"));
        Path jar = target.resolve("edigate.jar");
        List<Path> jars = new ArrayList<>(List.of(jar));
        try (Stream<Path> lib = Files.list(target.resolve("lib"))) {
            jars.addAll(lib.filter(p -> p.toString().endsWith(".jar")).toList());
        }
        assertThat(jars).hasSizeGreaterThan(50);
        assertThat(jars).map(p -> p.getFileName().toString())
                .noneMatch(n -> n.startsWith("sshd-") || n.startsWith("bc") || n.contains("simulator") || n.startsWith("eddsa"));
        List<String> found = new ArrayList<>();
        for (Path j : jars) {
            try (JarFile file = new JarFile(j.toFile())) {
                file.stream().map(e -> e.getName())
                        .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
                        .findFirst().ifPresent(name -> found.add(j.getFileName() + ": " + name));
            }
        }
        assertThat(found).isEmpty();
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("nl.edigate.Application");
            assertThat(file.getEntry("nl/edigate/Application.class")).isNotNull();
        }
    }
}
