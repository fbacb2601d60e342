package nl.edigate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import nl.edigate.config.ConfigException;
import nl.edigate.ledger.Ledger;

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
    void aDemoFolderWhoseLedgerIsOpenInAnotherProcessIsRefusedAndKeptWhole() throws Exception {
        Path demo = dir.resolve("demo");
        DemoCommand.prepare(demo);
        String url = "jdbc:h2:file:" + demo.resolve("ledger/edigate");
        // a serve on the demo's configuration holds the ledger open
        try (Ledger serve = new Ledger(url, "edigate", "")) {
            long run = serve.startRun("scheduled");
            assertThatThrownBy(() -> DemoCommand.prepare(demo)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("is open in another process").hasMessageContaining("edigate.mv.db");
            assertThat(demo.resolve(DemoCommand.LEDGER_FILE)).exists();
            assertThat(serve.run(run)).isPresent();
        }
        // once it has stopped, the folder is the demo's to empty again
        DemoCommand.prepare(demo);
        assertThat(demo.resolve(DemoCommand.LEDGER_FILE)).doesNotExist();
    }

    @Test
    void aConfigurationTheUserChangedOrAddedIsNeverOverwritten() throws Exception {
        Path demo = dir.resolve("demo");
        DemoCommand.prepare(demo);
        Path config = Files.createDirectories(demo.resolve(DemoCommand.CONFIG));
        Files.writeString(config.resolve("gateway.properties"), "clients=client.properties\n");
        DemoCommand.remember(demo, config);
        // as the demo left it: emptied for the next demo
        DemoCommand.prepare(demo);
        assertThat(config).doesNotExist();

        Files.createDirectories(config);
        Path gateway = Files.writeString(config.resolve("gateway.properties"), "clients=client.properties\n");
        DemoCommand.remember(demo, config);
        Files.writeString(gateway, "clients=client.properties\nalerts.mail.host=smtp.example\n");
        assertThatThrownBy(() -> DemoCommand.prepare(demo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/gateway.properties was changed after the demo wrote it");
        assertThat(gateway).hasContent("clients=client.properties\nalerts.mail.host=smtp.example\n");

        DemoCommand.remember(demo, config);
        Path added = Files.writeString(config.resolve("netbeheerder.properties"), "client.id=netbeheerder\n");
        assertThatThrownBy(() -> DemoCommand.prepare(demo)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config/netbeheerder.properties was not written by the demo");
        assertThat(added).exists();
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
        // the night's result says what is open (the municipality's scripted rejection, the refused invoice);
        // the demo's own result says that this is what it means to show
        assertThat(out).contains("result: attention needed (exit code 1): ", "1 document(s) in the ledger rejected by"
                + " the client", "demo result: as planned (exit code 0)").doesNotContain("everything delivered");
        // the configuration left behind names the folders the demo used
        String left = Files.readString(work.resolve("config/gateway.properties"));
        for (String folder : new String[] {"inbox.dir=", "inbox.archive-dir=", "inbox.rejected-dir=", "acks.dir="}) {
            String name = switch (folder) {
                case "inbox.dir=" -> "inbox";
                case "inbox.archive-dir=" -> "archive";
                case "inbox.rejected-dir=" -> "rejected";
                default -> "acks";
            };
            assertThat(left).contains(folder + work.toAbsolutePath().resolve(name));
        }

        Path secretFile = work.resolve("keys/api-client-secret");
        String secret = Files.readString(secretFile).strip();
        assertThat(secret).hasSizeGreaterThan(20);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("keys/edigate_ed25519"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("ledger")))).isEqualTo("rwx------");
        // the access point's client certificate and key, and no trace of the ledger's statements beside it
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("keys/ap-client.p12"))))
                .isEqualTo("rw-------");
        assertThat(work.resolve("ledger/edigate.trace.db")).doesNotExist();
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
