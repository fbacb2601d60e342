package nl.edigate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.GatewayHarness;
import nl.edigate.OrdersCsv;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.report.RunReport;

/** Whole files: unreadable ones are set aside with their reason, incomplete ones wait, encodings. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class InboxFilesTest {

    @TempDir
    Path dir;

    private static String oneOrder(String number) {
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder(number, 1, "omschrijving", "Kozijn ééndelig", "status", "GEWIJZIGD", "regelstatus", "GEWIJZIGD");
        return csv.build();
    }

    private static List<Path> setAside(GatewayHarness gw) throws Exception {
        if (!Files.exists(gw.config.rejectedDir())) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(gw.config.rejectedDir())) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void unreadableFilesAreSetAsideWholeWithTheirReasonAndTheOthersGoOn() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir)) {
            gw.putExport("orders_20261125-230000.csv", "");
            byte[] latin1 = oneOrder("VO-1").getBytes(Charset.forName("windows-1252"));
            Files.write(gw.config.inboxDir().resolve("orders_20261125-230100.csv"), latin1);
            String truncated = oneOrder("VO-2") + "VO-3;\"20-11-2026;PO-3";
            gw.putExport("orders_20261125-230200.csv", truncated);
            gw.putExport("orders_20261125-230300.csv", "ordernummer;orderdatum\nVO-4;20-11-2026\n");
            gw.putExport("orders_..csv", oneOrder("VO-5"));
            gw.putExport("orders_20261125-230400.csv", oneOrder("VO-6"));
            gw.putExport("orders_20261125-230500.csv", oneOrder("VO-7").replace(';', ','));
            gw.putExport("orders_20261125-230600.csv", oneOrder("VO-8") + "VO-9;\"" + "x".repeat(70_000) + "\";x\r\n");
            gw.putExport("orders_20261125-231000 (1).csv", oneOrder("VO-10"));

            RunReport report = gw.run();
            List<String> aside = gw.orders(report).filesSetAside();
            String text = report.toText();

            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230000.csv: the file is empty"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230100.csv: not readable as UTF-8")
                    && s.contains("line 2"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230200.csv:") && s.contains("line 3")
                    && s.contains("never closed"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230300.csv:")
                    && s.contains("lacks the required column(s) klant_ordernummer"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_..csv: the name does not match"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230500.csv:") && s.contains("lacks the required column"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-230600.csv:") && s.contains("line 3")
                    && s.contains("a field longer than 65536 characters"));
            assertThat(aside).anyMatch(s -> s.startsWith("orders_20261125-231000 (1).csv: the name does not match"));
            assertThat(aside).hasSize(8);
            assertThat(report.exitCode()).as(text).isEqualTo(1);
            // nothing of a set-aside file was taken, not even its good first order
            assertThat(gw.documents()).singleElement().satisfies(d -> {
                assertThat(d.businessKey()).isEqualTo("PO-VO-6/VO-6");
                assertThat(d.status()).isEqualTo(DocumentStatus.ACCEPTED);
            });
            List<Path> files = setAside(gw);
            assertThat(files).filteredOn(p -> p.toString().endsWith(".reason.txt")).hasSize(8);
            assertThat(files).hasSize(16);
            assertThat(Files.list(gw.config.inboxDir())).isEmpty();
        }
    }

    @Test
    void aFileStillBeingWrittenWaitsForTheNextRun() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("inbox.stable-after", "10m"))) {
            Path growing = gw.putExport("orders_20261125-231000.csv", oneOrder("VO-1"));
            // written just now by the gateway's clock (the file system's own clock may differ: faketime)
            Files.setLastModifiedTime(growing, FileTime.from(Instant.now()));
            RunReport first = gw.run();
            assertThat(gw.orders(first).filesWaiting()).singleElement().asString().startsWith("orders_20261125-231000.csv");
            assertThat(gw.documents()).isEmpty();
            assertThat(growing).exists();

            Files.setLastModifiedTime(growing, FileTime.from(Instant.now().minusSeconds(3600)));
            RunReport second = gw.run();
            assertThat(gw.orders(second).delivered()).isEqualTo(1);
            assertThat(growing).doesNotExist();
        }
    }

    @Test
    void aWindows1252InboxAndAUtf8ByteOrderMarkAreBothRead() throws Exception {
        try (GatewayHarness gw = GatewayHarness.start(dir.resolve("a"), Map.of("inbox.charset", "windows-1252"))) {
            Files.write(gw.config.inboxDir().resolve("orders_20261125-231000.csv"),
                    oneOrder("VO-1").getBytes(Charset.forName("windows-1252")));
            RunReport report = gw.run();
            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(1);
            assertThat(gw.documents().get(0).payload()).contains("Kozijn ééndelig");
        }
        try (GatewayHarness gw = GatewayHarness.start(dir.resolve("b"))) {
            byte[] body = oneOrder("VO-2").getBytes(StandardCharsets.UTF_8);
            byte[] withBom = new byte[body.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(body, 0, withBom, 3, body.length);
            Files.write(gw.config.inboxDir().resolve("orders_20261125-231000.csv"), withBom);
            RunReport report = gw.run();
            assertThat(gw.orders(report).delivered()).as(report.toText()).isEqualTo(1);
        }
    }

    @Test
    void columnsAreFoundByTheHeaderNamesOfTheProfileInAnyOrder() throws Exception {
        // another ERP: other column names, other order, an extra column
        try (GatewayHarness gw = GatewayHarness.start(dir, Map.of("orders.column.ordernummer", "OrderNo",
                "orders.column.aantal", "Qty"))) {
            List<String> columns = new ArrayList<>(OrdersCsv.COLUMNS);
            Collections.reverse(columns);
            Map<String, String> values = OrdersCsv.row("VO-9", 1);
            List<String> header = new ArrayList<>();
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                header.add(c.equals("ordernummer") ? "OrderNo" : c.equals("aantal") ? "Qty" : c);
                row.add(values.get(c));
            }
            header.add("extra");
            row.add("ignored");
            gw.putExport("orders_20261125-231000.csv", String.join(";", header) + "\n" + String.join(";", row) + "\n");
            RunReport report = gw.run();
            assertThat(report.exitCode()).as(report.toText()).isZero();
            assertThat(gw.documents()).singleElement().satisfies(d -> assertThat(d.businessKey()).isEqualTo("PO-VO-9/VO-9"));
        }
    }
}
