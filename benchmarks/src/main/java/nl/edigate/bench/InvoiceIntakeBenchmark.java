package nl.edigate.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.ledger.Ledger;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;

/**
 * Invoice intake (read, check, map to SI-UBL, validate with the official rules, store) on exports of 400 and
 * 40,000 lines, as invoices of 100 lines and as one invoice of all of them: the time per line and the heap's
 * peak. Run with the heap capped (bench/invoice-intake.sh: -Xmx256m) to show that it is bounded.
 */
public final class InvoiceIntakeBenchmark {
    private InvoiceIntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/bench/invoice-intake");
        String[][] cases = {{"warm-up (not counted): 400 lines", "400", "100"},
                {"400 lines, 4 invoices of 100", "400", "100"}, {"400 lines, 1 invoice", "400", "400"},
                {"40,000 lines, 400 invoices of 100", "40000", "100"}, {"40,000 lines, 1 invoice", "40000", "40000"}};
        int n = 0;
        for (String[] c : cases) {
            Path dir = work.resolve("case-" + (++n));
            Files.createDirectories(dir);
            try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
                GatewayConfig config = sim.configWithAllClients(Path.of("config/gateway.properties"),
                        Map.of("inbox.stable-after", "0s"), Map.of());
                int lines = Integer.parseInt(c[1]);
                int perInvoice = Integer.parseInt(c[2]);
                Files.writeString(config.inboxDir().resolve("invoices_20261125-231000.csv"), export(lines, perInvoice),
                        StandardCharsets.UTF_8);
                HeapWatch watch = new HeapWatch();
                try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
                    InvoiceIntake intake = new InvoiceIntake(config, ledger, Clock.systemDefaultZone());
                    long run = ledger.startRun("bench");
                    RunReport report = new RunReport(run);
                    long t0 = System.nanoTime();
                    intake.processInbox(run, report);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    RunReport.Section s = report.section(InvoiceIntake.DOC_TYPE);
                    System.out.printf("%-45s %7.2f s  %6.3f ms/line  created %,d  rejections %,d  heap at most %,d MB"
                            + " used of %,d%n", c[0], seconds, seconds * 1000 / lines, s.created(), s.rejectionCount(),
                            watch.stop() >> 20, Runtime.getRuntime().maxMemory() >> 20);
                }
            }
        }
    }

    /** The municipality's invoices: lines of 1 hour at 1,00 + 21 %, each invoice's total as the ERP writes it. */
    static String export(int lines, int perInvoice) {
        StringBuilder sb = new StringBuilder("factuurnummer;soort;factuurdatum;vervaldatum;klant_id_schema;klant_id;"
                + "klant_naam;klant_btw;klant_referentie;klant_ordernummer;contractnummer;project;"
                + "origineel_factuurnummer;regelnummer;omschrijving;artikelcode;aantal;eenheid;prijs;btw;totaal_incl_btw\n");
        for (int first = 0; first < lines; first += perInvoice) {
            int count = Math.min(perInvoice, lines - first);
            String number = String.format("F-2026-%06d", first / perInvoice + 1);
            String total = String.format("%d,%02d", count * 121 / 100, count * 121 % 100);
            for (int i = 1; i <= count; i++) {
                sb.append(number).append(";FACTUUR;25-11-2026;25-12-2026;0190;00000001234567890000;Gemeente Voorbeeldstad;;"
                        + "GV-REF-2026-88;PO-7781;RC-2026-0100;P-2026-050;;").append(i)
                        .append(";Uren renovatie;ART-1;1;uur;1;21;").append(total).append('\n');
            }
        }
        return sb.toString();
    }

    /** The most heap in use (live and not yet collected) while it runs, sampled every 10 ms. */
    private static final class HeapWatch {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long max;

        HeapWatch() {
            System.gc();
            thread = new Thread(() -> {
                while (running) {
                    max = Math.max(max, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                    try {
                        Thread.sleep(10); // a sampling interval, not a wait for something
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return max;
        }
    }
}
