package nl.edigate.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import nl.edigate.config.GatewayConfig;
import nl.edigate.service.AlertRoutes;

/** The operators' check of the alerts: a test message through every route they are configured with. */
@Command(name = "alerts", mixinStandardHelpOptions = true, subcommands = {AlertsCommand.Test.class},
        description = "The alerts of `serve`: where they go, and whether they arrive.")
public final class AlertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Sends a test alert through every configured route: the mail server to the gateway's",
                    "and each client's recipients, each webhook. A line per route, OK or why not. Exit code 0",
                    "when every route took it, 1 when one did not, 2 on a configuration error."})
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return Gateway.guarded(spec.commandLine().getErr(), () -> {
                GatewayConfig cfg = Gateway.load(config.file());
                List<AlertRoutes.Tried> tried = AlertRoutes.of(cfg).test(Instant.now());
                if (tried.isEmpty()) {
                    out.println("no alert route is configured (alerts.mail.*, alerts.webhook-url, a profile's"
                            + " alerts.mail-to or alerts.webhook-url): serve would alert nobody");
                    out.flush();
                    return Gateway.ATTENTION;
                }
                tried.forEach(t -> out.println(t));
                out.flush();
                return tried.stream().allMatch(AlertRoutes.Tried::ok) ? Gateway.OK : Gateway.ATTENTION;
            });
        }
    }
}
