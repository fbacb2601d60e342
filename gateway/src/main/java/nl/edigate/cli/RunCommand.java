package nl.edigate.cli;

import java.io.PrintWriter;
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
                "Prints the run report; what it is doing and waiting for goes to stderr. Exit code 0: everything",
                "delivered and nothing open in the ledger; 1: attention needed, the report's last line says why",
                "(rejected, failed, uncertain, overdue or rejected by a client, in this run or before); 2: a",
                "configuration error (explained in one line)."})
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
                PrintWriter err = spec.commandLine().getErr();
                // a long night is never silent: each phase and each wait for a retry, on stderr
                runtime.nightlyRun().onProgress(p -> {
                    err.println("run: " + p);
                    err.flush();
                });
                RunReport report = runtime.runNow("run");
                out.print(report.toText());
                return report.exitCode();
            }
        });
    }
}
