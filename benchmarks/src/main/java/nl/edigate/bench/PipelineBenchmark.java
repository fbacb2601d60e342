package nl.edigate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Session;
import com.sun.management.OperatingSystemMXBean;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.operators.OperatorService;
import nl.edigate.operators.Resender;
import nl.edigate.orders.Order;
import nl.edigate.orders.OrderResponseMapper;
import nl.edigate.projects.ProgressReportMapper;
import nl.edigate.projects.ProjectFileReader;
import nl.edigate.projects.ProjectIntake;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.validation.PeppolValidator;
import nl.edigate.validation.ProgressReportSchema;

/**
 * One seeded export, measured several ways on the same machine in one run, printing one Markdown table
 * row (and lines for where the CPU went, a resend and a second night). Usage:
 * {@code bench/pipeline.sh [N | https:M ...]}, which runs {@code PipelineBenchmark sftp N} or
 * {@code PipelineBenchmark https M} in a JVM of its own per workload.
 * <ul>
 * <li>{@code sftp N}: N orders (1 to 50 lines, a tail of large orders). The gateway's {@code run} end to
 * end over SFTP to the loopback simulator; the compute floor (the same parse, map and validate in a
 * plain loop on one thread, no framework, ledger or network); the SFTP floors (the same payloads
 * uploaded by a plain JSch loop over one session, and by OpenSSH's {@code sftp -b} where installed,
 * both .part then rename).</li>
 * <li>{@code https M}: M projects. The gateway's {@code run} end to end over HTTPS (OAuth token, POST per
 * report) with the client's rate limit lifted on both sides, so that the figure is ours; the compute
 * floor (parse, map, schema-validate); the HTTPS floor (the same reports posted by a plain
 * {@code java.net.http} loop over one connection).</li>
 * </ul>
 * The gateway's run is recorded with JFR and summarised by stage ({@link StageProfile}).
 * <p>Over 300 lines on purpose: one benchmark, read top to bottom with its floors beside the gateway's
 * run; it is not production code and moves to the benchmarks module (issue 12).
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 && !Character.isDigit(args[0].charAt(0)) ? args[0] : "sftp";
        int from = mode.equals("sftp") && args.length > 0 && Character.isDigit(args[0].charAt(0)) ? 0 : 1;
        int n = args.length > from ? Integer.parseInt(args[from]) : 1000;
        Path work = Path.of(args.length > from + 1 ? args[from + 1] : "target/bench-pipeline");
        deleteTree(work);
        StageProfile.initialize();
        if (mode.equals("https")) {
            https(n, work);
        } else {
            sftp(n, work);
        }
    }

    private static void sftp(int n, Path work) throws Exception {
        try (ClientSimulator client = ClientSimulator.start(work)) {
            client.sftp().setValidate(false); // the importer's checks are the client's cost, not ours
            GatewayConfig config = client.config(Path.of("config/gateway.properties"), Map.of("inbox.stable-after", "0s"));
            Path export = config.inboxDir().resolve("orders_20261125-231000.csv");
            long lines = generate(export, n, 7);
            generate(work.resolve("more.csv"), MORE, 8, n + 1);

            // the compute floor: parse, map, validate, nothing else
            Path copy = work.resolve("floor.csv");
            Files.copy(export, copy);
            if (QUICK) {
                quick(client, config, copy, n);
                return;
            }
            OrderResponseMapper mapper = new OrderResponseMapper(config.supplier(), config.client());
            PeppolValidator validator = PeppolValidator.get();
            validator.validate(PeppolValidator.ORDER_RESPONSE, mapper.toXml(sample(config, copy), "warm-up", LocalDate.now()));
            // the payloads go to files for the delivery floors (100,000 of them do not fit in the heap);
            // writing them is timed apart and not part of the compute floor
            Path payloads = Files.createDirectories(work.resolve("payloads"));
            long[] writing = {0, 0};
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            OrderFileReader reader = new OrderFileReader(config.client(), StandardCharsets.UTF_8);
            reader.read(copy, reader.prescan(copy), o -> {
                String xml = mapper.toXml(o, "floor-" + writing[1], LocalDate.now());
                if (!validator.validate(PeppolValidator.ORDER_RESPONSE, xml).isEmpty()) {
                    throw new IllegalStateException("a generated order does not validate");
                }
                long w = System.nanoTime();
                try {
                    Files.writeString(payloads.resolve(writing[1]++ + ".xml"), xml);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                writing[0] += System.nanoTime() - w;
            }, r -> { });
            double computeSeconds = (System.nanoTime() - t0 - writing[0]) / 1e9;
            double computeCpu = (cpu() - cpu0) / 1e9;

            // the SFTP floors: the same payloads over one plain session, and over OpenSSH where installed
            double sftpSeconds = sftpFloor(client, payloads, n);
            String openSsh = openSshFloor(client, payloads, n);
            deleteTree(payloads);
            // the overlapped floor (issue 16): all cores computing while two sessions upload
            double overlapped = OverlappedFloor.seconds(client, config, copy, n);

            Gateway g = gateway(config, work.resolve("gateway.jfr"));
            expectDelivered(g.report, OrderFileReader.DOC_TYPE, n);
            double floor = computeSeconds + sftpSeconds;
            System.out.printf("| %,d orders (%,d lines) | %.1f s (%.0f/s, cpu %.1f s) | %.1f s (%.0f/s) | %s | %s | %.0f%% | %,d MB |%n",
                    n, lines, computeSeconds, n / computeSeconds, computeCpu, sftpSeconds, n / sftpSeconds, openSsh,
                    g.figures(n), 100 * floor / g.seconds, peakHeapMb());
            System.out.printf("|   overlapped floor: read, map and validate on %d cores while %d SFTP sessions upload |"
                    + " %.1f s (%.0f/s) | | | the gateway at %.0f%% of it | | |%n", Runtime.getRuntime().availableProcessors(),
                    OverlappedFloor.SESSIONS, overlapped, n / overlapped, 100 * overlapped / g.seconds);
            System.out.printf("|   where the gateway's CPU went (JFR samples) | %s; GC pauses %.1f s | | | | | |%n",
                    g.profile.shares(), g.profile.gcPauses().toMillis() / 1000.0);

            // an operator's resend of all of them, as the resend command does it, against the first delivery
            double resend = resendAll(config, n);
            System.out.printf("|   resend of all %,d as sent (requeue + delivery) | | | | %.1f s (%.0f/s) against %.1f s for the first run"
                    + " (delivery phase %.1f s) | | |%n", n, resend, n / resend, g.seconds,
                    g.report.phases().get("delivery").toMillis() / 1000.0);

            // the per-document cost on a ledger that now holds n documents: a second night of 1,000 new orders
            Files.writeString(config.inboxDir().resolve("orders_20261126-231000.csv"),
                    Files.readString(work.resolve("more.csv")));
            Gateway more = gateway(config, work.resolve("gateway-more.jfr"));
            expectDelivered(more.report, OrderFileReader.DOC_TYPE, MORE);
            System.out.printf("|   then %,d new orders on that ledger (%,d documents) | | | | %s | | |%n",
                    MORE, n, more.figures(MORE));
        }
    }

    /**
     * With {@code -Dedigate.bench.quick=true}: only the overlapped floor, the gateway's run and the second
     * night (the issue 16 figures), without the floors in series and the resend (a 100,000 run in a third of
     * the time).
     */
    static final boolean QUICK = Boolean.getBoolean("edigate.bench.quick");

    private static void quick(ClientSimulator client, GatewayConfig config, Path copy, int n) throws Exception {
        double overlapped = OverlappedFloor.seconds(client, config, copy, n);
        Gateway g = gateway(config, copy.resolveSibling("gateway.jfr"));
        expectDelivered(g.report, OrderFileReader.DOC_TYPE, n);
        System.out.printf("| %,d orders | overlapped floor %.1f s (%.0f/s) | gateway %s | the gateway at %.0f%% of the"
                + " overlapped floor | %,d MB |%n", n, overlapped, n / overlapped, g.figures(n), 100 * overlapped / g.seconds,
                peakHeapMb());
        System.out.printf("|   where the gateway's CPU went (JFR samples) | %s; GC pauses %.1f s |%n",
                g.profile.shares(), g.profile.gcPauses().toMillis() / 1000.0);
        Files.writeString(config.inboxDir().resolve("orders_20261126-231000.csv"),
                Files.readString(copy.resolveSibling("more.csv")));
        Gateway more = gateway(config, copy.resolveSibling("gateway-more.jfr"));
        expectDelivered(more.report, OrderFileReader.DOC_TYPE, MORE);
        System.out.printf("|   then %,d new orders on that ledger (%,d documents) | %s |%n", MORE, n, more.figures(MORE));
    }

    private static void https(int n, Path work) throws Exception {
        try (ClientSimulator client = ClientSimulator.start(work)) {
            // the contract's 10 requests a second would make this a measurement of the limit, not of us
            client.api().setMaxPerSecond(100_000);
            GatewayConfig config = client.config(Path.of("config/gateway.properties"),
                    Map.of("inbox.stable-after", "0s", "api.max-requests-per-second", "100000"));
            Path export = config.inboxDir().resolve("projects_20261125-231000.json");
            generateProjects(export, n, new ArrayList<>(config.client().contracts()), 11);

            Path copy = work.resolve("floor.json");
            Files.copy(export, copy);
            ObjectMapper json = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
            ProgressReportMapper mapper = new ProgressReportMapper(config.supplier());
            ProgressReportSchema schema = ProgressReportSchema.get();
            List<String[]> payloads = new ArrayList<>();
            long cpu0 = cpu();
            long t0 = System.nanoTime();
            ProjectFileReader reader = new ProjectFileReader(StandardCharsets.UTF_8);
            reader.prescan(copy);
            reader.read(copy, (project, at) -> {
                ProgressReportMapper.Mapped m = mapper.map(project).mapped();
                m.report().put("reportId", "PR-" + UUID.randomUUID());
                try {
                    String body = json.writeValueAsString(m.report());
                    if (!schema.validate(body).isEmpty()) {
                        throw new IllegalStateException("a generated project does not validate: " + schema.validate(body));
                    }
                    payloads.add(new String[] {m.contract(), m.report().path("reportId").asText(), body});
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            double computeSeconds = (System.nanoTime() - t0) / 1e9;
            double computeCpu = (cpu() - cpu0) / 1e9;

            double httpSeconds = httpsFloor(client, payloads);
            payloads.clear();

            Gateway g = gateway(config, work.resolve("gateway.jfr"));
            expectDelivered(g.report, ProjectIntake.DOC_TYPE, n);
            double floor = computeSeconds + httpSeconds;
            System.out.printf("| %,d progress reports | %.1f s (%.0f/s, cpu %.1f s) | %.1f s (%.0f/s) | | %s | %.0f%% | %,d MB |%n",
                    n, computeSeconds, n / computeSeconds, computeCpu, httpSeconds, n / httpSeconds,
                    g.figures(n), 100 * floor / g.seconds, peakHeapMb());
            System.out.printf("|   where the gateway's CPU went (JFR samples) | %s; GC pauses %.1f s | | | | | |%n",
                    g.profile.shares(), g.profile.gcPauses().toMillis() / 1000.0);
        }
    }

    /** New orders for the second run, numbered after the first export's. */
    private static final int MORE = 1000;

    private static void expectDelivered(RunReport report, String docType, int n) {
        long delivered = report.section(docType).delivered();
        if (delivered != n) {
            throw new IllegalStateException("delivered " + delivered + " of " + n + ":\n" + report.toText());
        }
    }

    /** Every SENT document resent as sent, by the same steps as the resend command: prepare, then deliver. */
    private static double resendAll(GatewayConfig config, int n) {
        long t = System.nanoTime();
        try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
             GatewayRuntime runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
            List<Long> sent = ledger.findIds(DocumentFilter.all().withStatuses(Set.of(DocumentStatus.SENT)));
            OperatorService.Done done = new OperatorService(config, ledger, Clock.systemDefaultZone()).resend(
                    new OperatorService.Request(sent, Resender.Mode.AS_SENT, false, "benchmark", "bench", "all SENT"),
                    runtime.nightlyRun()::deliverOnly, p -> { });
            if (done.prepared().outcome().queued() != n) {
                throw new IllegalStateException("queued " + done.prepared().outcome().queued() + " of " + n);
            }
            expectDelivered(done.delivery(), OrderFileReader.DOC_TYPE, n);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /** The gateway's run, end to end, under a JFR recording. */
    record Gateway(RunReport report, double seconds, double cpu, StageProfile.Summary profile) {
        String figures(int n) {
            StringBuilder phases = new StringBuilder();
            report.phases().forEach((name, d) -> phases.append(phases.length() == 0 ? "" : ", ")
                    .append(name).append(' ').append(String.format("%.1f", d.toMillis() / 1000.0)));
            return String.format("%.1f s (%.0f/s, cpu %.1f s; %s)", seconds, n / seconds, cpu, phases);
        }
    }

    static Gateway gateway(GatewayConfig config, Path recording) throws Exception {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        try (StageProfile profile = new StageProfile(recording)) {
            long cpu1 = cpu();
            long t1 = System.nanoTime();
            RunReport report;
            try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
                 GatewayRuntime runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
                report = runtime.runNow("bench");
            }
            double seconds = (System.nanoTime() - t1) / 1e9;
            double cpu = (cpu() - cpu1) / 1e9;
            return new Gateway(report, seconds, cpu, profile.stop());
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

    private static double sftpFloor(ClientSimulator client, Path payloads, int n) throws Exception {
        Session session = OverlappedFloor.session(client);
        ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
        sftp.connect(15_000);
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            String name = "/in/orderresponse/FLOOR_" + i + ".xml";
            sftp.put(payloads.resolve(i + ".xml").toString(), name + ".part");
            sftp.rename(name + ".part", name);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        sftp.disconnect();
        session.disconnect();
        return seconds;
    }

    /** OpenSSH's sftp in batch mode, the same files, .part then rename; "not installed" when it is not. */
    private static String openSshFloor(ClientSimulator client, Path payloads, int n) throws Exception {
        Path sftp = Path.of("/usr/bin/sftp");
        if (!Files.isExecutable(sftp)) {
            return "not installed";
        }
        Path dir = payloads.getParent();
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String name = "/in/orderresponse/SSH_" + i + ".xml";
            batch.append("put ").append(payloads.resolve(i + ".xml")).append(' ').append(name).append(".part\n")
                    .append("rename ").append(name).append(".part ").append(name).append('\n');
        }
        Path batchFile = dir.resolve("batch.txt");
        Files.writeString(batchFile, batch);
        long t = System.nanoTime();
        Process p = new ProcessBuilder(sftp.toString(), "-q", "-b", batchFile.toString(),
                "-i", client.workDir().resolve("keys/edigate_ed25519").toString(),
                "-P", Integer.toString(client.sftp().port()),
                "-o", "UserKnownHostsFile=" + client.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                ClientSimulator.USER + "@127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("sftp.log").toFile()).start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t) / 1e9;
        if (exit != 0) {
            return "failed (exit " + exit + ", see " + dir.resolve("sftp.log") + ")";
        }
        return String.format("%.1f s (%.0f/s)", seconds, n / seconds);
    }

    /** The same reports posted by a plain java.net.http loop: one token, one connection, no retries. */
    private static double httpsFloor(ClientSimulator client, List<String[]> payloads) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", client.ca().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
        String base = client.api().baseUrl();
        long t = System.nanoTime();
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(ClientSimulator.API_CLIENT_ID,
                StandardCharsets.UTF_8) + "&client_secret=" + URLEncoder.encode(client.clientSecret(), StandardCharsets.UTF_8)
                + "&scope=progress.write";
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        String bearer = new ObjectMapper().readTree(token.body()).path("access_token").asText();
        for (String[] p : payloads) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/contracts/"
                            + URLEncoder.encode(p[0], StandardCharsets.UTF_8) + "/progress-reports"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + bearer)
                    .header("Idempotency-Key", p[1]).POST(HttpRequest.BodyPublishers.ofString(p[2])).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("the HTTPS floor got " + r.statusCode() + ": " + r.body());
            }
        }
        return (System.nanoTime() - t) / 1e9;
    }

    /** Projects of the given contracts, most with a milestone or two, some with many. */
    static void generateProjects(Path file, int projects, List<String> contracts, long seed) throws Exception {
        Random random = new Random(seed);
        ObjectMapper json = new ObjectMapper();
        StringBuilder sb = new StringBuilder("{\n  \"exportDatum\": \"2026-11-25T23:10:00+01:00\",\n  \"projecten\": [\n");
        for (int i = 1; i <= projects; i++) {
            ObjectNode p = json.createObjectNode();
            p.put("projectcode", "P-" + i);
            p.put("contractnummer", contracts.get(random.nextInt(contracts.size())));
            p.put("naam", "Project " + i);
            p.put("peildatum", "2026-11-25");
            p.put("status", "IN_UITVOERING");
            p.put("gereedPercentage", random.nextInt(1000) / 10.0);
            p.put("geplandeOpleverdatum", "2027-03-31");
            p.putNull("werkelijkeOpleverdatum");
            ArrayNode m = p.putArray("mijlpalen");
            int milestones = random.nextInt(10) == 0 ? 10 + random.nextInt(30) : 1 + random.nextInt(3);
            for (int k = 1; k <= milestones; k++) {
                ObjectNode mk = m.addObject();
                mk.put("code", "M" + k);
                mk.put("omschrijving", "Mijlpaal " + k);
                mk.put("gepland", "2026-10-01");
                mk.putNull("werkelijk");
            }
            ObjectNode uren = p.putObject("uren");
            uren.put("begroot", 1000 + random.nextInt(9000));
            uren.put("besteed", random.nextInt(1000));
            ObjectNode kosten = p.putObject("kosten");
            kosten.put("begroot", 100000 + random.nextInt(900000));
            kosten.put("werkelijk", random.nextInt(100000));
            p.putArray("risicos");
            p.put("opmerkingen", "Week 47.");
            sb.append("    ").append(json.writeValueAsString(p)).append(i < projects ? ",\n" : "\n");
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.append("  ]\n}\n"));
    }

    /** Orders of 1 to 50 lines: most small, one in ten large. */
    static long generate(Path file, int orders, long seed) throws Exception {
        return generate(file, orders, seed, 1);
    }

    /** As above, with order numbers from {@code first} on. */
    static long generate(Path file, int orders, long seed, int first) throws Exception {
        Random random = new Random(seed);
        String[] units = {"st", "m", "m2", "m3", "kg", "ton", "l", "uur", "doos"};
        StringBuilder sb = new StringBuilder("ordernummer;orderdatum;klant_ordernummer;klant_gln;project;status;leverdatum;"
                + "afleveradres_straat;afleveradres_postcode;afleveradres_plaats;afleveradres_land;regelnummer;"
                + "klant_regelnummer;regelstatus;artikelcode;klant_artikelcode;gtin;omschrijving;aantal;eenheid;prijs;btw\r\n");
        long lines = 0;
        Files.createDirectories(file.getParent());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int o = first; o < first + orders; o++) {
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
                out.append(sb);
                sb.setLength(0);
            }
        }
        return lines;
    }

    private static long cpu() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak = Math.max(peak, pool.getPeakUsage().getUsed());
            }
        }
        return peak >> 20;
    }

    static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
