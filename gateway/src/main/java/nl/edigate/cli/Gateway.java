package nl.edigate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerException;
import nl.edigate.ledger.LedgerInUseException;
import nl.edigate.operators.FilterParser;

/** What the commands share: loading the configuration and turning errors into one line and an exit code. */
public final class Gateway {
    public static final int OK = 0;
    public static final int ATTENTION = 1;
    public static final int CONFIG_ERROR = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private Gateway() {
    }

    /** What a command does with its configuration and the open ledger; returns the exit code. */
    @FunctionalInterface
    public interface LedgerWork {
        int run(GatewayConfig config, Ledger ledger, PrintWriter out) throws Exception;
    }

    /**
     * A command's frame: the configuration loaded, the ledger open for the work and closed after it, the
     * output flushed, any error one line on stderr with its exit code.
     */
    static int withLedger(CommandSpec spec, ConfigOption config, LedgerWork work) {
        return withLedger(spec, config, false, work);
    }

    /** As {@link #withLedger}, for a command that only reads the ledger (quick to open and close). */
    static int readingLedger(CommandSpec spec, ConfigOption config, LedgerWork work) {
        return withLedger(spec, config, true, work);
    }

    private static int withLedger(CommandSpec spec, ConfigOption config, boolean reading, LedgerWork work) {
        PrintWriter out = spec.commandLine().getOut();
        return guarded(spec.commandLine().getErr(), () -> {
            GatewayConfig cfg = reading ? GatewayConfig.loadForReading(config.file()) : load(config.file());
            try (Ledger ledger = openLedger(cfg, reading)) {
                int code = work.run(cfg, ledger, out);
                out.flush();
                return code;
            }
        });
    }

    public static Ledger openLedger(GatewayConfig config) {
        return openLedger(config, false);
    }

    static Ledger openLedger(GatewayConfig config, boolean reading) {
        try {
            return reading ? Ledger.forReading(config.jdbcUrl(), config.dbUser(), config.dbPassword())
                    : new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        } catch (LedgerException e) {
            if (config.dbPassword().isEmpty() && refusedLogin(e)) {
                // the driver says "the password is an empty string": the operator needs the variable's name
                throw new ConfigException("the ledger refused user '" + config.dbUser() + "' without a password: set"
                        + " the environment variable " + config.dbPasswordEnv() + " (named by ledger.password-env)");
            }
            throw new ConfigException(e.getMessage());
        } catch (RuntimeException e) {
            // Flyway and driver errors: the ledger is unusable, which is a setup problem
            throw new ConfigException("cannot open the ledger: " + e.getMessage());
        }
    }

    /** A login the database refused (SQLSTATE class 28, or PostgreSQL's 08004 for a missing password). */
    private static boolean refusedLogin(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("28") || sql.getSQLState().equals("08004"))) {
                return true;
            }
        }
        return false;
    }

    public static GatewayRuntime runtime(GatewayConfig config, Ledger ledger, boolean schedule) {
        return new GatewayRuntime(config, ledger, schedule, config.clock());
    }

    /** Runs a command body; a configuration error is one line and exit 2, anything else one line and exit 1. */
    public static int guarded(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (LedgerInUseException e) {
            err.println("refused: " + e.getMessage());
            err.flush();
            return CONFIG_ERROR;
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage());
            err.flush();
            return CONFIG_ERROR;
        } catch (FilterParser.BadParameter e) {
            err.println("bad parameter: " + e.getMessage());
            err.flush();
            return CONFIG_ERROR;
        } catch (Exception e) {
            LOG.debug("run failed", e);
            err.println("run failed: " + firstLine(e));
            err.flush();
            return ATTENTION;
        }
    }

    static String firstLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    static GatewayConfig load(Path file) {
        return GatewayConfig.load(file);
    }
}
