package nl.edigate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `demo --dir X` may only empty what an earlier demo made. */
class DemoDirTest {

    @TempDir
    Path dir;

    @Test
    void aFolderWithFilesTheDemoDidNotMakeIsRefusedUntouched() throws Exception {
        Path mine = Files.writeString(Files.createDirectories(dir.resolve("work")).resolve("thesis.txt"), "years of work");
        CommandLineTest.Result r = CommandLineTest.execute("demo", "--dir", dir.resolve("work").toString());
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
}
