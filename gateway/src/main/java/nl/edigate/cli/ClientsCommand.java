package nl.edigate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.ConfigCheck;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.delivery.AccessPoint;
import nl.edigate.delivery.HttpsApiChannel;
import nl.edigate.onboarding.ConnectionTest;
import nl.edigate.onboarding.Preview;
import nl.edigate.onboarding.ProfileDescription;

/** The integration engineer's tools for bringing a client live: check, test-connection, preview. */
@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "The client profiles: what each will do, whether its channel can be reached, what it would get.",
        subcommands = {ClientsCommand.Check.class, ClientsCommand.TestConnection.class, ClientsCommand.PreviewCommand.class})
public final class ClientsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static ClientProfile client(GatewayConfig config, String id) {
        return config.client(id).orElseThrow(() -> new ConfigException("no client profile '" + id + "'; configured: "
                + String.join(", ", config.clients().stream().map(ClientProfile::id).toList())));
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Checks every profile (as at start: settings, files, claims) and prints what each will do:",
                    "which records it claims, which format, which channel. Exit code 0, or 2 with every problem,",
                    "one a line."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return Gateway.guarded(err, () -> {
                GatewayConfig cfg = GatewayConfig.loadForReading(config.file());
                // every problem of the files, keys and secrets at once, not one per round
                List<String> problems = ConfigCheck.problems(cfg);
                if (!problems.isEmpty()) {
                    err.println("configuration error: " + problems.size() + " problem(s) in " + config.file() + ":");
                    problems.forEach(p -> err.println("  - " + p));
                    err.flush();
                    return Gateway.CONFIG_ERROR;
                }
                out.println(cfg.clients().size() + " client profile(s), checked");
                cfg.schedules().forEach((cron, clients) -> out.println("  `serve` runs for " + String.join(", ", clients)
                        + " on '" + cron + "'"));
                for (ClientProfile c : cfg.clients()) {
                    out.println();
                    ProfileDescription.of(cfg, c).forEach(out::println);
                }
                out.flush();
                return Gateway.OK;
            });
        }
    }

    @Command(name = "test-connection", mixinStandardHelpOptions = true,
            description = {"Reaches the client's channel for real: host key, authentication, the folders' rights,",
                    "TLS and a token. Sends no business data. Exit code 0 when every step worked, 1 otherwise."})
    static final class TestConnection implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", description = "the client id, as in its profile")
        String clientId;

        @Override
        public Integer call() {
            return Gateway.withLedger(spec, config, (cfg, ledger, out) -> {
                ClientProfile client = client(cfg, clientId);
                List<ConnectionTest.Step> steps;
                if (client.api() == null && client.invoices() == null) {
                    steps = ConnectionTest.run(client, null);
                } else {
                    try (GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                        HttpsApiChannel api = (HttpsApiChannel) runtime.channels(client.id()).reports();
                        AccessPoint ap = client.invoices() == null ? null : runtime.accessPoint();
                        steps = ConnectionTest.run(client, api == null ? null : api::fetchTokenNow,
                                ap == null ? null : cfg.accessPoint().baseUrl(), ap == null ? null : ap::probe);
                    }
                }
                out.println("connection test of client " + client.id() + ":");
                steps.forEach(s -> out.println("  " + s));
                return steps.stream().allMatch(ConnectionTest.Step::ok) ? Gateway.OK : Gateway.ATTENTION;
            });
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true,
            description = {"Renders and validates what the client would get from an orders export, writes the files",
                    "to a folder to look at, and sends and stores nothing. Exit code 0, or 1 when something is rejected."})
    static final class PreviewCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", description = "the client id, as in its profile")
        String clientId;
        @Parameters(index = "1", description = "an orders export (orders_<yyyyMMdd-HHmmss>.csv)")
        Path export;
        @Option(names = "--out", defaultValue = "preview", description = "where the files go (default: ${DEFAULT-VALUE})")
        Path outDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return Gateway.guarded(spec.commandLine().getErr(), () -> {
                // every setting checked, but no key, host key or secret asked for: a preview sends nothing
                GatewayConfig cfg = GatewayConfig.loadForReading(config.file());
                ClientProfile client = client(cfg, clientId);
                Preview.Result r = Preview.run(cfg, client, export, outDir);
                out.println("preview of " + export.getFileName() + " for client " + client.id() + ": " + r.documents()
                        + " document(s) rendered and valid, in " + r.files().size() + " file(s) under " + outDir);
                r.files().forEach(f -> out.println("  " + f));
                if (!r.otherClients().isEmpty()) {
                    out.println("orders of clients without a profile (left alone): " + r.otherClients());
                }
                if (!r.warnings().isEmpty()) {
                    out.println("warnings:");
                    r.warnings().forEach(w -> out.println("  - " + w));
                }
                if (!r.rejections().isEmpty()) {
                    out.println("rejected:");
                    r.rejections().forEach(w -> out.println("  - " + w));
                }
                out.flush();
                return r.rejections().isEmpty() ? Gateway.OK : Gateway.ATTENTION;
            });
        }
    }
}
