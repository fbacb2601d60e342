package nl.edigate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import nl.edigate.ConfigFiles;
import nl.edigate.simulator.ClientSimulator;

/** The command line reads filters with the console's parser: one line and exit 2 for what it does not know. */
@Tag("integration") // starts servers (the simulator, PostgreSQL, a browser) or processes
class OperatorParametersTest {

    @TempDir
    Path dir;

    @Test
    void badParametersAreOneLineNamingThemAndNeverSql() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir)) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir, client);
            assertThat(CommandLineTest.execute("run", "--config", gateway.toString()).exitCode()).isZero();
            String cfg = gateway.toString();

            String[][] bad = {
                    {"--limit", "-1", "--limit -1 is not between 1 and 10000"},
                    {"--limit", "1x", "--limit '1x' is not a whole number"},
                    {"--offset", "-5", "--offset -5 is not between 0"},
                    {"--status", "FAILD", "--status 'FAILD' is not one of READY"},
                    {"--created-from", "2026-02-30", "--created-from '2026-02-30' is not a date"},
                    {"--run", "1x", "--run '1x' is not a run number"},
                    {"--client", "nobody", "--client 'nobody' is not a configured client (opdrachtgever)"},
                    {"--type", "ORDERS", "--type 'ORDERS' is not one of INVOICE, ORDER_RESPONSE, PROGRESS_REPORT"},
                    {"--status", "", "--status is empty: give it a value, or leave the filter out"},
                    {"--client", "", "--client is empty"}};
            for (String[] b : bad) {
                CommandLineTest.Result r = CommandLineTest.execute("messages", "--config", cfg, b[0], b[1]);
                assertThat(r.exitCode()).as(b[0] + " " + b[1]).isEqualTo(2);
                assertThat(r.err()).as(b[0]).startsWith("bad parameter: " + b[2]).doesNotContainIgnoringCase("select")
                        .hasLineCount(1);
            }
            // resend refuses the same way before it changes anything
            CommandLineTest.Result resend = CommandLineTest.execute("resend", "--config", cfg, "--status", "accepted,FAILD",
                    "--reason", "x", "--force");
            assertThat(resend.exitCode()).isEqualTo(2);
            assertThat(resend.err()).startsWith("bad parameter: --status 'FAILD'");
            // an empty filter never selects every document for a resend
            CommandLineTest.Result empty = CommandLineTest.execute("resend", "--config", cfg, "--key", "", "--reason", "x",
                    "--force");
            assertThat(empty.exitCode()).isEqualTo(2);
            assertThat(empty.err()).startsWith("bad parameter: --key is empty");

            // lower case is the same status
            CommandLineTest.Result lower = CommandLineTest.execute("messages", "--config", cfg, "--status", "accepted,sent,received",
                    "--type", "order_response");
            assertThat(lower.exitCode()).as(lower.err()).isZero();
            assertThat(lower.out()).contains("ORDER_RESPONSE").doesNotContain("(no documents match)");
        }
    }

    @Test
    void readingTheLedgerNeedsNoneOfDeliverysSecretsOrKeys() throws Exception {
        try (ClientSimulator client = ClientSimulator.start(dir)) {
            Path gateway = ConfigFiles.writeWithSecretFileAndExports(dir, client);
            assertThat(CommandLineTest.execute("run", "--config", gateway.toString()).exitCode()).isZero();
            String cfg = gateway.toString();
            // an operator's account without the API secret or the SFTP key (they are the service's)
            java.nio.file.Files.delete(client.workDir().resolve("keys/api-client-secret"));
            java.nio.file.Files.delete(client.workDir().resolve("keys/edigate_ed25519"));

            CommandLineTest.Result run = CommandLineTest.execute("run", "--config", cfg);
            assertThat(run.exitCode()).as("delivery needs them").isEqualTo(2);
            assertThat(run.err()).startsWith("configuration error:");
            CommandLineTest.Result messages = CommandLineTest.execute("messages", "--config", cfg, "--type", "ORDER_RESPONSE");
            assertThat(messages.exitCode()).as(messages.err()).isZero();
            assertThat(messages.out()).contains("PO-88001", "per status:");
            CommandLineTest.Result show = CommandLineTest.execute("show", "--config", cfg, "PO-88001");
            assertThat(show.exitCode()).as(show.err()).isZero();
            assertThat(show.out()).contains("PO-88001");
            // the settings are still checked as a whole
            java.nio.file.Files.writeString(gateway, java.nio.file.Files.readString(gateway) + "\nledger.nonsense=1\n");
            CommandLineTest.Result misspelt = CommandLineTest.execute("messages", "--config", cfg);
            assertThat(misspelt.exitCode()).isEqualTo(2);
            assertThat(misspelt.err()).contains("ledger.nonsense");
        }
    }
}
