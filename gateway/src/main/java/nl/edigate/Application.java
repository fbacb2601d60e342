package nl.edigate;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import nl.edigate.cli.ClientsCommand;
import nl.edigate.cli.HashPasswordCommand;
import nl.edigate.cli.MessagesCommand;
import nl.edigate.cli.ResendCommand;
import nl.edigate.cli.RunCommand;
import nl.edigate.cli.ServeCommand;
import nl.edigate.cli.ShowCommand;

/** edigate: the EDI gateway between the ERP's exports and the client. */
@Command(name = "edigate", mixinStandardHelpOptions = true, version = "edigate 0.1.0",
        description = "Delivers the ERP's order responses to the client, in the client's format and channel,"
                + " and records every document and attempt in the delivery ledger.",
        subcommands = {RunCommand.class, ServeCommand.class, MessagesCommand.class, ShowCommand.class,
                ResendCommand.class, ClientsCommand.class, HashPasswordCommand.class, CommandLine.HelpCommand.class})
public final class Application implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The gateway's commands; the demo distribution adds its {@code demo} to them. */
    public static CommandLine commandLine() {
        return new CommandLine(new Application());
    }
}
