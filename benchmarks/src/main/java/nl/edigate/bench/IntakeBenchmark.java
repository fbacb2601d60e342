package nl.edigate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.Settings;
import nl.edigate.intake.OrderFileReader;

/**
 * Generates a seeded orders export of a given size and streams it through intake (both passes: the
 * readability pre-scan and the record checks with order assembly), then prints time and peak memory.
 * Run it with a small heap to show that intake does not hold the file: see bench/intake-1gb.sh.
 */
public final class IntakeBenchmark {
    private IntakeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? parseSize(args[0]) : 1L << 30;
        Path file = Path.of(args.length > 1 ? args[1] : "target/bench/orders_20261125-231000.csv");
        Files.createDirectories(file.toAbsolutePath().getParent());
        long t0 = System.nanoTime();
        long rowsWritten = generate(file, bytes, 42);
        long t1 = System.nanoTime();
        System.out.printf("generated %s: %,d bytes, %,d rows in %.1f s%n", file, Files.size(file), rowsWritten,
                (t1 - t0) / 1e9);

        ClientProfile profile = ClientProfile.from(Settings.load(Path.of("config/clients/opdrachtgever.properties")));
        OrderFileReader reader = new OrderFileReader(profile, StandardCharsets.UTF_8);
        AtomicLong lines = new AtomicLong();
        AtomicLong rejections = new AtomicLong();
        long t2 = System.nanoTime();
        Set<String> nonAdjacent = reader.prescan(file);
        long t3 = System.nanoTime();
        OrderFileReader.Stats stats = reader.read(file, nonAdjacent, o -> lines.addAndGet(o.lines().size()),
                r -> rejections.incrementAndGet());
        long t4 = System.nanoTime();

        double mb = Files.size(file) / 1e6;
        System.out.printf("pre-scan:  %.1f s (%.0f MB/s)%n", (t3 - t2) / 1e9, mb / ((t3 - t2) / 1e9));
        System.out.printf("checks:    %.1f s (%.0f MB/s), %,d rows, %,d orders, %,d order lines taken, %,d rejections%n",
                (t4 - t3) / 1e9, mb / ((t4 - t3) / 1e9), stats.rows, stats.orders, lines.get(), rejections.get());
        System.out.printf("intake total: %.1f s%n", (t4 - t2) / 1e9);
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("max heap (-Xmx): %,d MB; peak heap used (sum of pool peaks): %,d MB; peak RSS: %s%n",
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, peakRss());
        if (rowsWritten != stats.rows) {
            throw new IllegalStateException("rows written " + rowsWritten + " != rows read " + stats.rows);
        }
    }

    private static String peakRss() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return l.substring(6).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "n/a";
    }

    static long parseSize(String s) {
        String v = s.toLowerCase();
        long mult = v.endsWith("g") ? 1L << 30 : v.endsWith("m") ? 1L << 20 : v.endsWith("k") ? 1L << 10 : 1;
        return Long.parseLong(mult == 1 ? v : v.substring(0, v.length() - 1)) * mult;
    }

    /** Orders of 1 to 50 lines, every 1000th order broken on purpose, until the size is reached. */
    static long generate(Path file, long bytes, long seed) throws IOException {
        Random random = new Random(seed);
        List<String> units = List.of("st", "m", "m2", "m3", "kg", "ton", "l", "uur", "doos");
        long rows = 0;
        long written = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            String header = "ordernummer;orderdatum;klant_ordernummer;klant_gln;project;status;leverdatum;"
                    + "afleveradres_straat;afleveradres_postcode;afleveradres_plaats;afleveradres_land;regelnummer;"
                    + "klant_regelnummer;regelstatus;artikelcode;klant_artikelcode;gtin;omschrijving;aantal;eenheid;"
                    + "prijs;btw\r\n";
            w.write(header);
            written += header.length();
            for (long order = 1; written < bytes; order++) {
                int lineCount = 1 + random.nextInt(random.nextInt(10) == 0 ? 50 : 8);
                boolean changed = random.nextInt(4) == 0;
                String status = changed ? "GEWIJZIGD" : "GEACCEPTEERD";
                String gln = order % 1000 == 0 ? "8798765000009" : "8798765000008";
                for (int l = 1; l <= lineCount; l++) {
                    String lineStatus = changed && l == 1 ? "GEWIJZIGD" : "ONGEWIJZIGD";
                    String row = "VO-" + order + ";20-11-2026;PO-" + order + ";" + gln + ";P-2026-017;" + status
                            + ";04-12-2026;\"Kerkstraat " + (order % 200) + "\";3511 LX;Utrecht;NL;" + l + ";" + l
                            + ";" + lineStatus + ";ART-" + random.nextInt(100000) + ";K-" + random.nextInt(1000)
                            + ";;\"Artikel " + l + " van order " + order + "\";" + (1 + random.nextInt(500)) + ","
                            + random.nextInt(100) + ";" + units.get(random.nextInt(units.size())) + ";"
                            + random.nextInt(1000) + "," + random.nextInt(10000) + ";21\r\n";
                    w.write(row);
                    written += row.length();
                    rows++;
                }
            }
        }
        return rows;
    }
}
