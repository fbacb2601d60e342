package nl.edigate.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ProjectsJson;
import nl.edigate.intake.InboxFiles;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.LedgerException;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;

/**
 * No single export can stop a night: a poison file is set aside (or its poison record rejected) with
 * its reason, the good file beside it is delivered, the report is printed in lines of sane length,
 * and the next run is clean.
 */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class PoisonExportTest {

    @TempDir
    Path dir;

    private static void assertReadableReport(RunReport report) {
        String text = report.toText();
        assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).as(l.substring(0, Math.min(200, l.length())))
                .isLessThan(1_000));
    }

    @Test
    void projectsWithEnormousNumbersOrAnOverlongStringCannotStopTheNight() throws Exception {
        String poison = "{\"projecten\": [" + ProjectsJson.project("P-9", "RC-2025-0042").put("gereedPercentage",
                new BigDecimal("1e999999999")) + "," + ProjectsJson.project("P-8", "RC-2025-0042")
                .put("gereedPercentage", new BigDecimal("1e999999")) + "," + ProjectsJson.project("P-7", "RC-2025-0042")
                .set("uren", new ObjectMapper().createObjectNode()
                        .put("begroot", new BigDecimal("1e-999999999")).put("besteed", 1)) + "]}";
        String overlong = new ProjectsJson().add("P-6", "RC-2025-0042", p -> p.put("opmerkingen", "x".repeat(100_000)))
                .build();
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("projects_20261125-230000.json", poison);
            gw.putExport("projects_20261125-230100.json", overlong);
            gw.putExport("projects_20261125-230200.json", new ProjectsJson().add("P-1", "RC-2025-0042").build());

            RunReport report = gw.run();
            RunReport.Section s = gw.projects(report);

            assertThat(s.rejections()).anySatisfy(r -> {
                assertThat(r.file()).isEqualTo("projects_20261125-230000.json");
                assertThat(r.field()).isEqualTo("gereedPercentage");
                assertThat(r.reason()).contains("1E+999999999 is too large");
            });
            assertThat(s.rejections()).anySatisfy(r -> assertThat(r.reason()).contains("1E+999999 is too large"));
            assertThat(s.rejections()).anySatisfy(r -> {
                assertThat(r.field()).isEqualTo("uren.begroot");
                assertThat(r.reason()).contains("has more than 10 decimals");
            });
            // the string over the 64 KiB limit: the whole file aside, saying so (not "changed while being read")
            assertThat(s.filesSetAside()).singleElement().satisfies(a -> {
                assertThat(a).startsWith("projects_20261125-230100.json: not readable as JSON: line 4");
                assertThat(a).contains("String value length").doesNotContain("changed while being read");
            });
            assertThat(s.delivered()).as(report.toText()).isEqualTo(1);
            assertThat(gw.reports()).singleElement().satisfies(d -> assertThat(d.businessKey()).contains("P-1"));
            assertReadableReport(report);
            assertThat(Files.list(gw.config.inboxDir())).isEmpty();

            RunReport next = gw.run();
            assertThat(next.exitCode()).as(next.toText()).isZero();
            assertThat(next.sections()).doesNotContainKey(ProjectIntake.DOC_TYPE);
        }
    }

    @Test
    void ordersWithEnormousNumbersOrAnOverlongFieldCannotStopTheNight() throws Exception {
        OrdersCsv poison = new OrdersCsv();
        int big = poison.addOrder("VO-9", 1, "aantal", "9".repeat(30));
        int tiny = poison.addOrder("VO-8", 1, "prijs", "0,00001");
        OrdersCsv overlong = new OrdersCsv();
        overlong.addOrder("VO-7", 1, "omschrijving", "x".repeat(100_000));
        OrdersCsv good = new OrdersCsv();
        good.addOrder("VO-1", 2);
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-230000.csv", poison.build());
            gw.putExport("orders_20261125-230100.csv", overlong.build());
            gw.putExport("orders_20261125-230200.csv", good.build());

            RunReport report = gw.run();
            RunReport.Section s = gw.orders(report);

            assertThat(s.rejections()).anySatisfy(r -> {
                assertThat(r.line()).isEqualTo(big);
                assertThat(r.field()).isEqualTo("aantal");
                assertThat(r.reason()).contains("too large");
            });
            assertThat(s.rejections()).anySatisfy(r -> {
                assertThat(r.line()).isEqualTo(tiny);
                assertThat(r.reason()).contains("more than 4 decimals");
            });
            assertThat(s.filesSetAside()).singleElement().asString()
                    .startsWith("orders_20261125-230100.csv: ").contains("line 2: a field longer than 65536 characters");
            assertThat(s.delivered()).as(report.toText()).isEqualTo(1);
            assertReadableReport(report);

            RunReport next = gw.run();
            assertThat(next.exitCode()).as(next.toText()).isZero();
        }
    }

    /** Whatever one file throws (here what a poison export did: run out of memory) sets it aside. */
    @Test
    void anythingAFileThrowsSetsThatFileAsideAndTheRunGoesOn() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            InboxFiles inbox = new InboxFiles(gw.config, gw.ledger, Clock.systemDefaultZone());
            long runId = gw.ledger.startRun("test");
            RunReport.Section section = new RunReport.Section();
            Throwable[] poisons = {new OutOfMemoryError("Java heap space"), new StackOverflowError(),
                    new IllegalStateException("odd"), new IOException("disk"), new AssertionError("x")};
            for (int i = 0; i < poisons.length; i++) {
                Throwable poison = poisons[i];
                Path file = gw.putExport("orders_20261125-23000" + i + ".csv", "x");
                boolean done = inbox.guard(runId, file, OrderFileReader.DOC_TYPE, section, () -> {
                    if (poison instanceof Exception e) {
                        throw e;
                    }
                    throw (Error) poison;
                });
                assertThat(done).isFalse();
                assertThat(file).doesNotExist();
            }
            assertThat(section.filesSetAside()).hasSize(poisons.length);
            assertThat(section.filesSetAside().get(0)).contains("OutOfMemoryError");
            try (Stream<Path> aside = Files.walk(gw.config.rejectedDir())) {
                assertThat(aside.filter(p -> p.toString().endsWith(".reason.txt"))).hasSize(poisons.length);
            }
            // a failing ledger is not the file's fault: that one is not swallowed
            Path file = gw.putExport("orders_20261125-230009.csv", "x");
            Assertions.assertThatThrownBy(() -> inbox.guard(runId, file, OrderFileReader.DOC_TYPE,
                    section, () -> {
                        throw new LedgerException("ledger: gone", null);
                    })).isInstanceOf(LedgerException.class);
            assertThat(file).exists();
        }
    }
}
