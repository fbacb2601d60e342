package nl.edigate.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ProjectsJson;
import nl.edigate.report.RunReport;

/** What else can lie in an inbox: links, folders, pipes, names too long, files of no export at all. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class InboxOdditiesTest {

    @TempDir
    Path dir;

    private static String good(String order) {
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder(order, 1);
        return csv.build();
    }

    private static List<Path> walk(Path root) throws Exception {
        try (Stream<Path> w = Files.walk(root)) {
            return w.toList();
        }
    }

    @Test
    void linksFoldersAndPipesAreSetAsideAsThemselvesNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secretOrders = Files.writeString(outside.resolve("secret.csv"), good("VO-666"));
        Path secretProjects = Files.writeString(outside.resolve("secret.json"),
                new ProjectsJson().add("P-666", "RC-2025-0042").build());
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            Path inbox = gw.config.inboxDir();
            Files.createSymbolicLink(inbox.resolve("orders_20261125-230000.csv"), secretOrders);
            Files.createSymbolicLink(inbox.resolve("projects_20261125-230000.json"), secretProjects);
            Files.createSymbolicLink(inbox.resolve("orders_20261125-230100.csv"), Path.of("/etc/passwd"));
            Files.createDirectory(inbox.resolve("orders_20261125-230200.csv"));
            new ProcessBuilder("mkfifo", inbox.resolve("projects_20261125-230300.json").toString()).start().waitFor();
            gw.putExport("orders_20261125-230900.csv", good("VO-1"));

            RunReport report = gw.run();

            assertThat(gw.orders(report).filesSetAside()).hasSize(3)
                    .anyMatch(s -> s.startsWith("orders_20261125-230000.csv: a symbolic link, not a file (never followed)"))
                    .anyMatch(s -> s.startsWith("orders_20261125-230100.csv: a symbolic link"))
                    .anyMatch(s -> s.startsWith("orders_20261125-230200.csv: a folder, not a file"));
            assertThat(gw.projects(report).filesSetAside()).hasSize(2)
                    .anyMatch(s -> s.startsWith("projects_20261125-230000.json: a symbolic link"))
                    .anyMatch(s -> s.startsWith("projects_20261125-230300.json: not a regular file"));
            // only the real file went out; nothing of the link targets reached the ledger or the report
            assertThat(gw.documents()).singleElement().satisfies(d -> assertThat(d.businessKey()).contains("VO-1"));
            assertThat(gw.reports()).isEmpty();
            assertThat(report.toText()).doesNotContain("root:").doesNotContain("VO-666").doesNotContain("P-666");
            assertThat(secretOrders).exists();
            assertThat(secretProjects).exists();
            // the links were moved as links: the targets are where they were
            assertThat(walk(gw.config.rejectedDir())).anySatisfy(p -> {
                assertThat(p.getFileName().toString()).isEqualTo("orders_20261125-230000.csv");
                assertThat(Files.isSymbolicLink(p)).isTrue();
            });
            assertThat(Files.list(inbox)).isEmpty();
        }
    }

    @Test
    void aDatedArchiveOrRejectedFolderPlantedAsALinkStopsTheIntakeBeforeItStartsAndIsNeverFollowed() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            String day = LocalDate.now().format(DateTimeFormatter.ofPattern("yyyy/MM/dd"));
            int n = 0;
            for (Path folder : List.of(gw.config.archiveDir(), gw.config.rejectedDir())) {
                n++;
                String order = "VO-" + n;
                String good = "orders_20261125-23000" + n + ".csv";
                String bad = "orders_20261125-23100" + n + ".csv";
                Path today = folder.resolve(day);
                Files.createDirectories(today.getParent());
                if (Files.exists(today)) {
                    Files.move(today, today.resolveSibling("before"));
                }
                Path planted = Files.createSymbolicLink(today, outside);
                gw.putExport(good, good(order));
                gw.putExport(bad, "not an export at all");

                RunReport report = gw.run();

                assertThat(walk(outside)).containsExactly(outside);
                assertThat(report.problems()).singleElement().asString().contains(folder.toString(),
                        "today's folder cannot be used", "is not a folder", "nothing is taken in");
                assertThat(report.exitCode()).isEqualTo(1);
                // no file half-taken: the good one is not delivered and then set aside, the bad one not lost
                assertThat(gw.documents()).extracting(d -> d.businessKey()).doesNotContain("PO-" + order + "/" + order);
                assertThat(gw.config.inboxDir().resolve(good)).exists();
                assertThat(gw.config.inboxDir().resolve(bad)).exists();

                // a folder again: the next run takes both in as usual
                Files.delete(planted);
                RunReport next = gw.run();
                assertThat(next.problems()).isEmpty();
                assertThat(gw.documents()).extracting(d -> d.businessKey()).contains("PO-" + order + "/" + order);
                assertThat(gw.orders(next).filesSetAside()).singleElement().asString().startsWith(bad);
            }
        }
    }

    @Test
    void aLongButLegalNameDoesNotStopTheRun() throws Exception {
        String longOrders = "orders_" + "x".repeat(244) + ".csv";
        String longOther = "projects_" + "é".repeat(120) + ".json";
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport(longOrders, good("VO-2"));
            gw.putExport(longOther, "{}");
            gw.putExport("orders_20261125-230900.csv", good("VO-1"));

            RunReport report = gw.run();

            assertThat(gw.orders(report).filesSetAside()).singleElement().asString()
                    .startsWith(longOrders + ": the name does not match");
            assertThat(gw.projects(report).filesSetAside()).singleElement().asString()
                    .startsWith(longOther + ": the name does not match");
            assertThat(gw.orders(report).delivered()).isEqualTo(1);
            List<Path> reasons = walk(gw.config.rejectedDir()).stream()
                    .filter(p -> p.getFileName().toString().endsWith(".reason.txt")).toList();
            assertThat(reasons).hasSize(2);
            assertThat(Files.readString(reasons.get(0))).contains("reason: the name does not match");
        }
    }

    @Test
    void filesOfNoExportAreReportedByNameAndARepeatedHeaderIsOneRejection() throws Exception {
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder("VO-1", 1);
        int header = csv.addRaw(String.join(";", OrdersCsv.COLUMNS));
        csv.addOrder("VO-2", 1);
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-230900.csv", csv.build());
            gw.putExport("notes.txt", "hello");
            gw.putExport("orders_x\nresult: everything delivered.csv", "x");
            gw.putExport("Orders_20261125-230900.CSV", "x");

            RunReport report = gw.run();

            assertThat(report.ignoredFiles()).containsExactly("Orders_20261125-230900.CSV", "notes.txt");
            // a line break in a file name cannot forge a line of the report
            assertThat(report.toText().lines()).noneMatch(l -> l.strip().startsWith("result: everything delivered"));
            assertThat(report.toText()).contains("orders_x\\nresult: everything delivered.csv: the name does not match");
            assertThat(report.toText()).contains("files in the inbox under no export name").contains("notes.txt");
            assertThat(gw.orders(report).rejections()).filteredOn(r -> r.line() > 0).singleElement().satisfies(r -> {
                assertThat(r.line()).isEqualTo(header);
                assertThat(r.reason()).contains("the header line is repeated");
            });
            assertThat(gw.orders(report).delivered()).isEqualTo(2);
        }
    }

    @Test
    void archiveRejectedAcknowledgementsAndLedgerAreOwnerOnlyWhateverTheUmask() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            Path bad = gw.putExport("orders_20261125-230000.csv", "");
            Path ok = gw.putExport("orders_20261125-230900.csv", good("VO-1"));
            Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(ok, PosixFilePermissions.fromString("rw-r--r--"));
            Files.writeString(gw.client.sftp().mlrDir().resolve("MLR_x.xml"), "<broken");

            gw.run();

            for (Path root : List.of(gw.config.archiveDir(), gw.config.rejectedDir(), gw.config.acksDir())) {
                List<Path> all = walk(root);
                assertThat(all).as(root.toString()).hasSizeGreaterThan(1);
                for (Path p : all) {
                    String rights = PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
                    assertThat(rights).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
                }
            }
            Path ledgerDir = Path.of(gw.config.jdbcUrl().substring("jdbc:h2:file:".length()).split(";")[0]).getParent();
            assertThat(walk(ledgerDir)).filteredOn(p -> p.toString().endsWith(".mv.db")).singleElement()
                    .satisfies(p -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                            .isEqualTo("rw-------"));
        }
    }
}
