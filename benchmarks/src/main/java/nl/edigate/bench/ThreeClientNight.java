package nl.edigate.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.InvoiceIntake;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;

/**
 * Issue 16: a night of all three clients in one run, against their simulators on loopback: N orders, a
 * third of them the consortium's (EDIFACT interchanges over its own SFTP server) and the rest the first
 * client's (a T76 file each), and N/10 e-invoices for the municipality through the access point; then the
 * first client's orders alone, N of them, in a run of their own on a new ledger, for the comparison. The
 * clients' own checks are off (their cost, not ours).
 * <p>{@code java -Xmx512m -cp benchmarks/target/edigate-benchmarks.jar nl.edigate.bench.ThreeClientNight [N]}
 */
public final class ThreeClientNight {
    private ThreeClientNight() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path work = Path.of(args.length > 1 ? args[1] : "target/bench-three-clients");
        PipelineBenchmark.deleteTree(work);
        int invoices = n / 10;
        PipelineBenchmark.Gateway three;
        int consortium;
        try (ClientSimulator client = ClientSimulator.start(work.resolve("three"))) {
            client.sftp().setValidate(false);
            client.consortium().setValidate(false);
            GatewayConfig config = client.configWithAllClients(Path.of("config/gateway.properties"),
                    Map.of("inbox.stable-after", "0s"), Map.of());
            Path orders = config.inboxDir().resolve("orders_20261125-231000.csv");
            PipelineBenchmark.generate(orders, n, 7);
            consortium = everyThirdToTheConsortium(orders);
            Files.writeString(config.inboxDir().resolve("invoices_20261125-231000.csv"), invoices(invoices),
                    StandardCharsets.UTF_8);
            three = PipelineBenchmark.gateway(config, work.resolve("three/gateway.jfr"));
        }
        PipelineBenchmark.Gateway one;
        try (ClientSimulator client = ClientSimulator.start(work.resolve("one"))) {
            client.sftp().setValidate(false);
            GatewayConfig config = client.config(Path.of("config/gateway.properties"), Map.of("inbox.stable-after", "0s"));
            PipelineBenchmark.generate(config.inboxDir().resolve("orders_20261125-231000.csv"), n, 7);
            one = PipelineBenchmark.gateway(config, work.resolve("one/gateway.jfr"));
        }
        RunReport.Section orders = three.report().section(OrderFileReader.DOC_TYPE);
        long t76 = orders.clients().get("opdrachtgever").delivered();
        long edifact = orders.clients().get("bouwcombinatie").delivered();
        long sentInvoices = three.report().section(InvoiceIntake.DOC_TYPE).delivered();
        if (t76 + edifact != n || edifact != consortium || sentInvoices != invoices) {
            throw new IllegalStateException("not everything went out:\n" + three.report().toText());
        }
        System.out.printf("| three clients: %,d T76 order responses, %,d EDIFACT (in interchanges), %,d e-invoices | %s |%n",
                t76, edifact, sentInvoices, three.figures(n + invoices));
        System.out.printf("|   where the CPU went (JFR samples) | %s; GC pauses %.1f s |%n", three.profile().shares(),
                three.profile().gcPauses().toMillis() / 1000.0);
        System.out.printf("| the first client alone: %,d T76 order responses | %s |%n", n, one.figures(n));
        if (Boolean.getBoolean("edigate.bench.report")) {
            System.out.println(three.report().toText());
        }
    }

    /** Gives every third order (by its number) the consortium's GLN; returns how many orders that made. */
    static int everyThirdToTheConsortium(Path export) throws Exception {
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(";", -1));
        int number = header.indexOf("ordernummer");
        int gln = header.indexOf("klant_gln");
        List<String> out = new ArrayList<>(List.of(lines.get(0)));
        String last = null;
        int moved = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(";", -1);
            boolean consortium = Integer.parseInt(f[number].substring(3)) % 3 == 0;
            if (consortium) {
                f[gln] = ClientSimulator.CONSORTIUM_GLN;
                if (!f[number].equals(last)) {
                    moved++;
                }
            }
            last = f[number];
            out.add(String.join(";", f));
        }
        Files.writeString(export, String.join("\r\n", out) + "\r\n", StandardCharsets.UTF_8);
        return moved;
    }

    /** m one-line invoices for the municipality: 12 hours at 65,50 plus 21% VAT, 951,06 each. */
    static String invoices(int m) {
        StringBuilder sb = new StringBuilder("factuurnummer;soort;factuurdatum;vervaldatum;klant_id_schema;klant_id;"
                + "klant_naam;klant_btw;klant_referentie;klant_ordernummer;contractnummer;project;origineel_factuurnummer;"
                + "regelnummer;omschrijving;artikelcode;aantal;eenheid;prijs;btw;totaal_incl_btw\n");
        for (int i = 1; i <= m; i++) {
            sb.append(String.format("F-2026-%06d", i)).append(";FACTUUR;25-11-2026;25-12-2026;0190;00000001234567890000;")
                    .append("Gemeente Voorbeeldstad;;GV-REF-2026-88;PO-7781;RC-2026-0100;P-2026-050;;1;Renovatie fase 1;")
                    .append("ART-1;12;uur;65,50;21;951,06\n");
        }
        return sb.toString();
    }
}
