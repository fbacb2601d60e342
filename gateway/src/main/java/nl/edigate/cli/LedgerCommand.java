package nl.edigate.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import nl.edigate.ledger.Ledger;
import nl.edigate.service.Retention;

@Command(name = "ledger", mixinStandardHelpOptions = true, subcommands = {LedgerCommand.Purge.class},
        description = "The ledger's upkeep.")
public final class LedgerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = {"Applies the retention policy of the settings now (serve does it once a day):",
                    "documents stored more than retention.documents-months (13) ago are removed with their attempts,",
                    "acknowledgements and resends, and the runs and their reports that no document refers to any more;",
                    "payloads of documents stored more than retention.payloads-months (3) ago are removed. Documents",
                    "waiting for delivery are never touched. --dry-run says what it would remove."})
    static final class Purge implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config;

        @Option(names = "--dry-run", description = "say what would be removed, change nothing")
        boolean dryRun;

        @Override
        public Integer call() {
            return Gateway.withLedger(spec, config, (cfg, ledger, out) -> {
                Ledger.Purge p = Retention.apply(ledger, cfg.service(), cfg.clock(), dryRun);
                out.println(Retention.describe(p, cfg.service()));
                return Gateway.OK;
            });
        }
    }
}
