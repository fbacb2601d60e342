package nl.edigate;

import picocli.CommandLine.Command;
import picocli.CommandLine;

import nl.edigate.cli.AlertsCommand;
import nl.edigate.cli.ClientsCommand;
import nl.edigate.cli.HashPasswordCommand;
import nl.edigate.cli.LedgerCommand;
import nl.edigate.cli.MessagesCommand;
import nl.edigate.cli.ResendCommand;
import nl.edigate.cli.RunCommand;
import nl.edigate.cli.ServeCommand;
import nl.edigate.cli.ShowCommand;

/** edigate: the EDI gateway between the ERP's exports and the client. */
@Command(name = "edigate", mixinStandardHelpOptions = true, versionProvider = Application.Version.class,
        description = {"Delivers the ERP's documents to each client, in its format and over its channel.",
                "Every document and attempt is recorded in the delivery ledger.",
                "Dates in filters: 2026-11-25, 2026-11-25T10:00, today or yesterday (local time).",
                "Each command's --help says more; bin/edigate --version says which build this is."},
        subcommands = {RunCommand.class, ServeCommand.class, MessagesCommand.class, ShowCommand.class,
                ResendCommand.class, ClientsCommand.class, AlertsCommand.class, LedgerCommand.class, HashPasswordCommand.class, CommandLine.HelpCommand.class})
public final class Application implements Runnable {

    /** The version and build as the jar's manifest says (run from classes: "development build"). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            String version = Application.class.getPackage().getImplementationVersion();
            String built = null;
            var url = Application.class.getResource("Application.class");
            if (url != null && url.getProtocol().equals("jar")) {
                var connection = (java.net.JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                var manifest = connection.getManifest();
                built = manifest == null ? null : manifest.getMainAttributes().getValue("Build-Time");
            }
            return new String[] {"edigate " + (version == null ? "(development build)" : version)
                    + (built == null ? "" : ", built " + built), "Java " + Runtime.version()
                    + ", Apache Camel 4.18.0"};
        }
    }

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
