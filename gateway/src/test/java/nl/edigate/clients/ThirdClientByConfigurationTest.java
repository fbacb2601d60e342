package nl.edigate.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ConfigFiles;
import nl.edigate.OrdersCsv;
import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.RunReport;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.simulator.SftpSimulator;

/**
 * A third client comes live by configuration alone (issue 13): a profile file and its line in
 * {@code clients=}, no code. Its orders, which were left alone as another client's the night before,
 * go to its own server in the format its profile names.
 */
@Tag("integration")
class ThirdClientByConfigurationTest {
    static final String THIRD_GLN = "8711111000002";

    @Test
    void aProfileFileIsAllItTakes(@TempDir Path dir) throws Exception {
        try (ClientSimulator sim = ClientSimulator.start(dir.resolve("sim"));
             SftpSimulator third = SftpSimulator.start(dir.resolve("third-sftp"), "edigate", sim.gatewayKey().getPublic())) {
            Path work = dir.resolve("gw");
            Path gatewayFile = ConfigFiles.writeWithSecretFileAndExports(work, sim);
            OrdersCsv csv = new OrdersCsv();
            csv.addOrder("VO-31", 2, "klant_gln", THIRD_GLN);
            csv.addOrder("VO-32", 1, "klant_gln", THIRD_GLN, "status", "AFGEWEZEN", "regelstatus", "VERVALLEN");
            Files.writeString(work.resolve("inbox/orders_20261126-231000.csv"), csv.build());

            // the night before the third client's profile exists: its orders are counted and left alone
            RunReport before = night(gatewayFile);
            assertThat(before.section("ORDER_RESPONSE").otherClients()).containsEntry(THIRD_GLN, 2L);
            assertThat(third.verdicts()).isEmpty();

            // the integration engineer's hour: a known_hosts line, a profile file, one more entry in clients=
            Path knownHosts = work.resolve("known_hosts_derde");
            Files.writeString(knownHosts, third.knownHostsLine() + "\n");
            Path profile = work.resolve("derde.properties");
            Files.writeString(profile, String.join("\n",
                    "client.id=derde",
                    "client.name=Derde Opdrachtgever",
                    "client.gln=" + THIRD_GLN,
                    "orders.format=peppol-t76",
                    "sftp.host=127.0.0.1",
                    "sftp.port=" + third.port(),
                    "sftp.user=edigate",
                    "sftp.private-key-file=" + sim.workDir().resolve("keys/edigate_ed25519"),
                    "sftp.known-hosts-file=" + knownHosts,
                    "sftp.remote-dir=/in/orderresponse",
                    "sftp.ack-dir=/out/mlr",
                    "retry.initial-backoff=1s", ""));
            Files.writeString(gatewayFile, Files.readString(gatewayFile).replaceFirst("(?m)^clients=(.*)$",
                    "clients=$1," + profile));
            Files.writeString(work.resolve("inbox/orders_20261127-231000.csv"), csv.build());

            RunReport after = night(gatewayFile);
            assertThat(after.section("ORDER_RESPONSE").clients().get("derde").delivered()).as(after.toText()).isEqualTo(2);
            assertThat(third.verdicts()).hasSize(2).allMatch(SftpSimulator.Verdict::accepted);
            GatewayConfig config = GatewayConfig.load(gatewayFile);
            try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword())) {
                assertThat(ledger.documents("derde", "ORDER_RESPONSE")).hasSize(2).extracting(LedgerDocument::status)
                        .containsOnly(DocumentStatus.ACCEPTED);
            }
            assertThat(after.exitCode()).as(after.toText()).isZero();
        }
    }

    private static RunReport night(Path gatewayFile) {
        GatewayConfig config = GatewayConfig.load(gatewayFile);
        try (Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
             GatewayRuntime runtime = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
            return runtime.runNow("test");
        }
    }
}
