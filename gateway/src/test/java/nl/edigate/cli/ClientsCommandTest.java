package nl.edigate.cli;

import static nl.edigate.cli.CommandLineTest.execute;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.OrdersCsv;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SshKeys;

/** The integration engineer's tools (issue 13): clients check, test-connection and preview. */
@Tag("integration")
class ClientsCommandTest {

    static Path configure(Path dir, ClientSimulator sim) throws Exception {
        Path gateway = sim.writeConfigFilesWithConsortium(dir);
        Path first = dir.resolve("client.properties");
        Files.writeString(first, Files.readString(first).replace(
                "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                "api.client-secret-file=" + sim.workDir().resolve("keys/api-client-secret")));
        return gateway;
    }

    @Test
    void checkSaysWhatEachProfileWillDoAndRefusesTwoProfilesClaimingOneGln(@TempDir Path dir) throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = configure(dir, sim);
            CommandLineTest.Result r = execute("clients", "check", "--config", gateway.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("2 client profile(s)", "opdrachtgever (Woningcorporatie Opdrachtgever)",
                    "orders with klant_gln 8798765000008", "projects of contracts RC-2025-0042",
                    "peppol-t76 (UTF-8); one file per document, named ORDRSP_8712345000004_<document id>.xml",
                    "bouwcombinatie (Bouwcombinatie Noord)", "orders with klant_gln 8719876000008",
                    "edifact-d96a-ordrsp (ISO-8859-1); up to 500 per interchange, named ORDRSP_8712345000004_<reference>.edi",
                    "into /edi/in, written as <name>.tmp then renamed", "edifact-contrl from /edi/out", "overdue 120 min",
                    "peppol-mlr from /out/mlr", "overdue 1440 min");
            assertThat(r.out()).doesNotContain(sim.clientSecret());

            Path consortium = dir.resolve("bouwcombinatie.properties");
            Files.writeString(consortium, Files.readString(consortium).replace("client.gln=8719876000008",
                    "client.gln=8798765000008"));
            CommandLineTest.Result clash = execute("clients", "check", "--config", gateway.toString());
            assertThat(clash.exitCode()).isEqualTo(2);
            assertThat(clash.err()).contains("client.gln 8798765000008 is claimed by both client opdrachtgever and client"
                    + " bouwcombinatie");
        }
    }

    @Test
    void checkNamesEveryProblemAtOnceTheKeystorePasswordAPublicKeyAndAKeyReadableByAll(@TempDir Path dir)
            throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = sim.writeConfigFilesWithAllClients(dir);
            Path first = dir.resolve("client.properties");
            Files.writeString(first, Files.readString(first).replace(
                    "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                    "api.client-secret-file=" + sim.workDir().resolve("keys/api-client-secret")));
            // three mistakes an integrator makes, in three places: each named in the one round
            Path keyPassword = sim.workDir().resolve("keys/ap-keystore-password");
            Files.writeString(keyPassword, "not-the-password");
            Path publicKey = Files.writeString(dir.resolve("edigate_ed25519.pub"),
                    SshKeys.publicKeyLine(sim.gatewayKey().getPublic()) + " edigate\n");
            Path consortium = dir.resolve("bouwcombinatie.properties");
            Files.writeString(consortium, Files.readString(consortium).replaceFirst("(?m)^sftp\\.private-key-file=.*$",
                    "sftp.private-key-file=" + publicKey));
            Path key = sim.workDir().resolve("keys/edigate_ed25519");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

            CommandLineTest.Result r = execute("clients", "check", "--config", gateway.toString());
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("3 problem(s)",
                    "ap.keystore-file " + sim.workDir().resolve("keys/ap-client.p12") + " cannot be opened with its"
                            + " password (ap.keystore-password-file " + keyPassword + ")",
                    "client bouwcombinatie: sftp.private-key-file " + publicKey + " is not a private key but a public one",
                    "client opdrachtgever: sftp.private-key-file " + key + " holds a secret but is readable by others"
                            + " than its owner (rw-r--r--): chmod 600 it");
            assertThat(r.err().lines().filter(l -> l.startsWith("  - "))).hasSize(3);
            assertThat(r.err()).doesNotContain("not-the-password");
        }
    }

    @Test
    void aGatewayWithoutEInvoicesNeedsNoAccessPointKeystore(@TempDir Path dir) throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = sim.writeConfigFiles(dir); // the first client only: orders and progress reports
            Path first = dir.resolve("client.properties");
            Files.writeString(first, Files.readString(first).replace(
                    "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                    "api.client-secret-file=" + sim.workDir().resolve("keys/api-client-secret")));
            // the shipped settings name the access point's keystore; no profile here sends e-invoices
            Files.writeString(gateway, Files.readString(gateway).replaceFirst("(?m)^ap\\.keystore-file=.*$",
                    "ap.keystore-file=/etc/edigate/keys/no-such-ap-client.p12"));
            CommandLineTest.Result r = execute("clients", "check", "--config", gateway.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
        }
    }

    @Test
    void testConnectionReachesTheChannelForRealAndNamesWhatFails(@TempDir Path dir) throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = configure(dir, sim);
            CommandLineTest.Result first = execute("clients", "test-connection", "opdrachtgever", "--config", gateway.toString());
            assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("OK      SFTP leverancier@127.0.0.1:" + sim.sftp().port(),
                    "OK      list /in/orderresponse: 0 entries", "OK      write and delete a probe in /in/orderresponse",
                    "OK      list /out/mlr: 0 entries waiting", "OK      API token from " + sim.api().baseUrl() + "/oauth2/token: a token, valid until");
            CommandLineTest.Result consortium = execute("clients", "test-connection", "bouwcombinatie", "--config",
                    gateway.toString());
            assertThat(consortium.exitCode()).as(consortium.out() + consortium.err()).isZero();
            assertThat(consortium.out()).contains("OK      list /edi/in", "OK      list /edi/out").doesNotContain("API")
                    // the consortium buys e-invoices too: the access point, over mutual TLS, read-only
                    .contains("OK      Peppol access point " + sim.accessPoint().baseUrl()
                            + ": mutual TLS accepted; our client certificate is valid until");
            assertThat(sim.accessPoint().accepted()).isEmpty();
            try (Stream<Path> left = Files.list(sim.consortium().root().resolve("sftp-root/edi/in"))) {
                assertThat(left).as("the probe is gone and no business data was sent").isEmpty();
            }
            assertThat(sim.consortium().verdicts()).isEmpty();

            // the consortium's server presents another host key
            Files.writeString(sim.consortiumKnownHosts(), SshKeys.knownHostsLine("127.0.0.1", sim.consortium().port(),
                    SshKeys.generateEd25519().getPublic()) + "\n");
            CommandLineTest.Result changed = execute("clients", "test-connection", "bouwcombinatie", "--config",
                    gateway.toString());
            assertThat(changed.exitCode()).isEqualTo(1);
            assertThat(changed.out()).contains("FAILED  SFTP", "host key");
            // both fingerprints, to compare with what the client publishes
            assertThat(changed.out()).containsPattern("The server offered ssh-ed25519 SHA256:\\S+; .* expects ssh-ed25519"
                    + " SHA256:\\S+");
            assertThat(execute("clients", "test-connection", "nobody", "--config", gateway.toString()).err())
                    .contains("no client profile 'nobody'; configured: opdrachtgever, bouwcombinatie");
        }
    }

    @Test
    void previewRendersAndValidatesOneClientsDocumentsAndSendsNothing(@TempDir Path dir) throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = configure(dir, sim);
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-1", 2, "klant_gln", ClientSimulator.CONSORTIUM_GLN, "status", "GEWIJZIGD",
                    "regelstatus", "GEWIJZIGD", "omschrijving", "x".repeat(80));
            csv.addOrder("VO-2", 1, "klant_gln", ClientSimulator.CONSORTIUM_GLN, "status", "GEWIJZIGD",
                    "regelstatus", "GEWIJZIGD", "omschrijving", "Plaat 中");
            csv.addOrder("VO-3", 1);
            csv.addOrder("VO-4", 1, "klant_gln", "8711111000002");
            Path export = Files.writeString(dir.resolve("orders_20261126-231000.csv"), csv.build());
            Path out = dir.resolve("preview");

            // a preview of the consortium needs no secret of the first client (nor any other)
            Path first = dir.resolve("client.properties");
            Files.writeString(first, Files.readString(first).replaceFirst("(?m)^api\\.client-secret-file=.*$", ""));
            CommandLineTest.Result r = execute("clients", "preview", "bouwcombinatie", export.toString(), "--out",
                    out.toString(), "--config", gateway.toString());
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("1 document(s) rendered and valid, in 1 file(s)",
                    "orders of clients without a profile (left alone): {8711111000002=1}",
                    "80 characters in UNOC; IMD holds 70", "rejected:", "order PO-VO-2/VO-2", "U+4E2D");
            List<String> files;
            try (Stream<Path> s = Files.list(out)) {
                files = s.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(files).containsExactly("preview-ORDRSP_8712345000004_1.edi");
            assertThat(Files.readString(out.resolve(files.get(0)), StandardCharsets.ISO_8859_1))
                    .startsWith("UNA:+.? 'UNB+UNOC:3+8712345000004:14+8719876000008:14+").contains("LIN+1+3", "LIN+2+3");
            assertThat(sim.consortium().verdicts()).isEmpty();
            assertThat(sim.sftp().verdicts()).isEmpty();
            assertThat(dir.resolve("ledger")).as("nothing stored").doesNotExist();
        }
    }

    @Test
    void testConnectionOfAnEInvoiceBuyerReachesTheAccessPointOnlyAndCheckSaysWhatItWillDo(@TempDir Path dir)
            throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"))) {
            Path gateway = sim.writeConfigFilesWithAllClients(dir);
            Path first = dir.resolve("client.properties");
            Files.writeString(first, Files.readString(first).replace(
                    "# api.client-secret-file=/etc/edigate/secrets/api-client-secret",
                    "api.client-secret-file=" + sim.workDir().resolve("keys/api-client-secret")));
            CommandLineTest.Result check = execute("clients", "check", "--config", gateway.toString());
            assertThat(check.exitCode()).as(check.err()).isZero();
            assertThat(check.out()).contains("3 client profile(s)", "gemeente (Gemeente Voorbeeldstad)",
                    "invoices with klant_id 0190:00000001234567890000",
                    "SI-UBL 2.0 to Peppol participant 0190:00000001234567890000 through the access point "
                            + sim.accessPoint().baseUrl());
            CommandLineTest.Result r = execute("clients", "test-connection", "gemeente", "--config", gateway.toString());
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("OK      Peppol access point " + sim.accessPoint().baseUrl())
                    .doesNotContain("SFTP");
        }
    }
}
