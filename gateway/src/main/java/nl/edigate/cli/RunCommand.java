package nl.edigate.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.report.RunReport;
import nl.edigate.run.DeliveryLease;

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
        return Gateway.withLedger(spec, config, (cfg, ledger, out) -> {
            try (DeliveryLease lease = DeliveryLease.take(ledger, "run");
                 GatewayRuntime runtime = Gateway.runtime(cfg, ledger, false)) {
                RunReport report = runtime.runNow("run");
                out.print(report.toText());
                return report.exitCode();
            }
        });
    }
}
