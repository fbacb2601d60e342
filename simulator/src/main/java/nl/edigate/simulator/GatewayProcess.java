package nl.edigate.simulator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway as its own process (java, this process's class path, nl.edigate.Application), its output in a
 * log: for the tests and the benchmarks that need a process of its own (to kill it, or to run two).
 */
public final class GatewayProcess {
    private GatewayProcess() {
    }

    /** Starts a command (run, serve, resend ...) against the given settings, with the API secret in its environment. */
    public static Process start(Path gateway, Path log, String secret, String... args) throws Exception {
        return startAs(null, gateway, log, secret, args);
    }

    /** As {@link #start}, as the named instance (EDIGATE_INSTANCE: two machines' instances on one). */
    public static Process startAs(String instance, Path gateway, Path log, String secret, String... args)
            throws Exception {
        return start(instance, List.of(), gateway, log, secret, args);
    }

    /** As {@link #start}, with options for the JVM (a heap size, what to do out of memory). */
    public static Process startWith(List<String> jvmOptions, Path gateway, Path log, String secret, String... args)
            throws Exception {
        return start(null, jvmOptions, gateway, log, secret, args);
    }

    private static Process start(String instance, List<String> jvmOptions, Path gateway, Path log, String secret,
                                 String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "nl.edigate.Application"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", gateway.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("EDIGATE_API_CLIENT_SECRET", secret);
        // the test PostgreSQL servers ask no password (trust): said explicitly, as an operator would have to
        pb.environment().putIfAbsent("EDIGATE_LEDGER_PASSWORD", "");
        if (instance != null) {
            pb.environment().put("EDIGATE_INSTANCE", instance);
        }
        return pb.start();
    }
}
