package nl.edigate.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import nl.edigate.console.PasswordHash;

@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = {"Prints the hash of a console user's password, for the gateway settings.",
                "Reads the password from the terminal, or one line of standard input; then set",
                "console.user.NAME=operator:<hash> (or viewer:<hash>)."})
public final class HashPasswordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Console terminal = System.console();
        char[] password;
        if (terminal != null) {
            password = terminal.readPassword("password: ");
        } else {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? new char[0] : line.toCharArray();
        }
        if (password == null || password.length < 12) {
            spec.commandLine().getErr().println("a console password needs at least 12 characters");
            return Gateway.CONFIG_ERROR;
        }
        spec.commandLine().getOut().println(PasswordHash.hash(password));
        return Gateway.OK;
    }
}
