package nl.edigate.demo;

import picocli.CommandLine;

import nl.edigate.Application;

/**
 * The gateway's commands plus {@code demo}, which starts the embedded client simulator: the demo
 * distribution. The production one ({@link Application}) carries no simulator, SSH server or CA.
 */
public final class DemoApplication {
    private DemoApplication() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        return Application.commandLine().addSubcommand("demo", new DemoCommand());
    }
}
