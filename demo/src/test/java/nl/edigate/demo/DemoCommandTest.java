package nl.edigate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import nl.edigate.LedgerDump;

/** The demo distribution: the gateway's commands plus `demo`, which may only empty what an earlier demo made. */
class DemoCommandTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
    }

    static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = DemoApplication.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theDemoDistributionHasEveryCommandAndTheDemo() {
        Result help = execute("demo", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: edigate demo", "--config", "--dir");
        assertThat(execute("--help").out()).contains("run", "serve", "messages", "resend", "demo");
    }

    @Test
    void aFolderWithFilesTheDemoDidNotMakeIsRefusedUntouched() throws Exception {
        Path mine = Files.writeString(Files.createDirectories(dir.resolve("work")).resolve("thesis.txt"), "years of work");
        Result r = execute("demo", "--dir", dir.resolve("work").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("configuration error: demo --dir").contains("holds files that no demo made")
                .doesNotContain("\n");
        assertThat(mine).hasContent("years of work");
    }

    @Test
    void aNewOrEmptyFolderIsMarkedAndAnEarlierDemosFolderIsEmptied() throws Exception {
        Path fresh = dir.resolve("fresh");
        DemoCommand.prepare(fresh);
        assertThat(fresh.resolve(DemoCommand.MARKER)).exists();

        Files.createDirectories(fresh.resolve("inbox/archive"));
        Files.writeString(fresh.resolve("inbox/archive/orders.csv"), "x");
        DemoCommand.prepare(fresh);
        try (var list = Files.list(fresh)) {
            assertThat(list).containsExactly(fresh.resolve(DemoCommand.MARKER));
        }

        Path empty = Files.createDirectories(dir.resolve("empty"));
        DemoCommand.prepare(empty);
        assertThat(empty.resolve(DemoCommand.MARKER)).exists();
    }

    @Test
    @Tag("integration") // the whole demo in a process of its own, with the simulator
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void aWholeDemoLeavesTheSecretsItMadeNowhereButTheirOwnFiles() throws Exception {
        Path work = dir.resolve("demo");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "nl.edigate.demo.DemoApplication", "demo", "--dir", work.toString());
        pb.environment().put("EDIGATE_LOG_LEVEL", "DEBUG");
        pb.redirectErrorStream(true);
        File output = dir.resolve("demo-output.txt").toFile();
        pb.redirectOutput(output);
        Process p = pb.start();
        p.waitFor(); // to its end, however long a loaded machine takes (@Timeout guards a hang)
        String out = Files.readString(output.toPath(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();

        Path secretFile = work.resolve("keys/api-client-secret");
        String secret = Files.readString(secretFile).strip();
        assertThat(secret).hasSizeGreaterThan(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("keys/edigate_ed25519"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("ledger")))).isEqualTo("rwx------");
        String privateKey = Files.readString(work.resolve("keys/edigate_ed25519"));
        String keyBody = privateKey.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(out).doesNotContain(secret).doesNotContain(keyBody);
        assertThat(LedgerDump.of("jdbc:h2:file:" + work.resolve("ledger/edigate"))).doesNotContain(secret).doesNotContain(keyBody);
        try (var files = Files.walk(work)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.equals(secretFile) || f.getFileName().toString().equals("edigate_ed25519")) {
                    continue;
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(text).as("file %s", f).doesNotContain(secret).doesNotContain(keyBody);
            }
        }
    }
}
