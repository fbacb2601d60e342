package nl.edigate.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.report.RunReport;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"One nightly run now over everything in the inbox: intake, validation, delivery.",
                "Prints the run report. Exit code 0: all delivered; 1: something was rejected or failed;",
                "2: configuration error (explained in one line)."})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Gateway.guarded(spec.commandLine().getErr(), () -> {
            GatewayConfig cfg = Gateway.load(config.file);
            try (Ledger ledger = Gateway.openLedger(cfg);
                 GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                RunReport report = runtime.runNow("run");
                out.print(report.toText());
                out.flush();
                return report.exitCode();
            }
        });
    }
}
