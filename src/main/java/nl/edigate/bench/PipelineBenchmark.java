package nl.edigate.bench;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.Ledger;
import nl.edigate.orders.Order;
import nl.edigate.orders.OrderResponseMapper;
import nl.edigate.run.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.validation.PeppolValidator;

/**
 * One seeded export of N orders (1 to 50 lines, a tail of large orders), measured three ways on the
 * same machine in one run: the gateway's `run` end to end over SFTP to the loopback simulator; the
 * compute floor (the same parse, map and validate in a plain loop, no framework, ledger or network);
 * the SFTP floor (the same payloads uploaded by a plain JSch loop over one session, .part then rename).
 * Prints one Markdown table row. Usage: bench/pipeline.sh [N].
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-pipeline");
        deleteTree(work);
        try (ClientSimulator client = ClientSimulator.start(work)) {
            client.sftp().setValidate(false); // the importer's checks are the client's cost, not ours
            GatewayConfig config = client.config(Path.of("config/gateway.properties"), Map.of("inbox.stable-after", "0s"));
            Path export = config.inboxDir().resolve("orders_20261125-231000.csv");
            long lines = generate(export, n, 7);

            // the compute floor: parse, map, validate, nothing else
            Path copy = work.resolve("floor.csv");
            Files.copy(export, copy);
            OrderResponseMapper mapper = new OrderResponseMapper(config.supplier(), config.client());
            PeppolValidator validator = PeppolValidator.get();
            validator.validate(PeppolValidator.ORDER_RESPONSE, mapper.toXml(sample(config, copy), "warm-up", LocalDate.now()));
            List<String> payloads = new ArrayList<>();
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            OrderFileReader reader = new OrderFileReader(config.client(), StandardCharsets.UTF_8);
            reader.read(copy, reader.prescan(copy), o -> {
                String xml = mapper.toXml(o, "floor-" + payloads.size(), LocalDate.now());
                if (!validator.validate(PeppolValidator.ORDER_RESPONSE, xml).isEmpty()) {
                    throw new IllegalStateException("a generated order does not validate");
                }
                payloads.add(xml);
            }, r -> { });
            double computeSeconds = (System.nanoTime() - t0) / 1e9;
            double computeCpu = (cpu() - cpu0) / 1e9;

            // the SFTP floor: the same payloads over one plain session
            double sftpSeconds = sftpFloor(client, payloads);

            // the gateway, end to end
            long cpu1 = cpu();
            long t1 = System.nanoTime();
            RunReport report;
            try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
                 GatewayRuntime runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
                report = runtime.runNow("bench");
            }
            double gatewaySeconds = (System.nanoTime() - t1) / 1e9;
            double gatewayCpu = (cpu() - cpu1) / 1e9;
            long delivered = report.section(OrderFileReader.DOC_TYPE).delivered;
            if (delivered != n) {
                throw new IllegalStateException("delivered " + delivered + " of " + n + ":\n" + report.toText());
            }
            double floor = computeSeconds + sftpSeconds;
            System.out.printf("| %,d | %,d | %.1f s (%.0f/s, cpu %.1f s) | %.1f s (%.0f/s) | %.1f s (%.0f/s, cpu %.1f s) | %.0f%% | %,d MB |%n",
                    n, lines, computeSeconds, n / computeSeconds, computeCpu, sftpSeconds, n / sftpSeconds,
                    gatewaySeconds, n / gatewaySeconds, gatewayCpu, 100 * floor / gatewaySeconds,
                    peakHeapMb());
        }
    }

    private static Order sample(GatewayConfig config, Path file) throws Exception {
        OrderFileReader reader = new OrderFileReader(config.client(), StandardCharsets.UTF_8);
        List<Order> first = new ArrayList<>();
        reader.read(file, reader.prescan(file), o -> {
            if (first.isEmpty()) {
                first.add(o);
            }
        }, r -> { });
        return first.get(0);
    }

    private static double sftpFloor(ClientSimulator client, List<String> payloads) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(client.workDir().resolve("keys/edigate_ed25519").toString());
        jsch.setKnownHosts(client.knownHosts().toString());
        Session session = jsch.getSession(ClientSimulator.USER, "127.0.0.1", client.sftp().port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.connect(15_000);
        ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect(15_000);
        long t = System.nanoTime();
        int i = 0;
        for (String xml : payloads) {
            String name = "/in/orderresponse/FLOOR_" + (i++) + ".xml";
            sftp.put(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), name + ".part");
            sftp.rename(name + ".part", name);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        sftp.disconnect();
        session.disconnect();
        return seconds;
    }

    /** Orders of 1 to 50 lines: most small, one in ten large. */
    static long generate(Path file, int orders, long seed) throws Exception {
        Random random = new Random(seed);
        String[] units = {"st", "m", "m2", "m3", "kg", "ton", "l", "uur", "doos"};
        StringBuilder sb = new StringBuilder("ordernummer;orderdatum;klant_ordernummer;klant_gln;project;status;leverdatum;"
                + "afleveradres_straat;afleveradres_postcode;afleveradres_plaats;afleveradres_land;regelnummer;"
                + "klant_regelnummer;regelstatus;artikelcode;klant_artikelcode;gtin;omschrijving;aantal;eenheid;prijs;btw\r\n");
        long lines = 0;
        for (int o = 1; o <= orders; o++) {
            int count = random.nextInt(10) == 0 ? 10 + random.nextInt(41) : 1 + random.nextInt(5);
            boolean changed = random.nextInt(3) == 0;
            for (int l = 1; l <= count; l++) {
                sb.append("VO-").append(o).append(";20-11-2026;PO-").append(o).append(";8798765000008;P-1;")
                        .append(changed ? "GEWIJZIGD" : "GEACCEPTEERD").append(";04-12-2026;Kerkstraat 1;3511 LX;Utrecht;NL;")
                        .append(l).append(';').append(l).append(';').append(changed && l == 1 ? "GEWIJZIGD" : "ONGEWIJZIGD")
                        .append(";ART-").append(random.nextInt(99999)).append(";K-").append(random.nextInt(999))
                        .append(";;Artikel ").append(l).append(';').append(1 + random.nextInt(200)).append(';')
                        .append(units[random.nextInt(units.length)]).append(';').append(random.nextInt(500)).append(",")
                        .append(random.nextInt(100)).append(";21\r\n");
                lines++;
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb);
        return lines;
    }

    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak = Math.max(peak, pool.getPeakUsage().getUsed());
            }
        }
        return peak >> 20;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
