package nl.edigate.console;

import java.time.Clock;

import io.javalin.util.JavalinBindException;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;

/** What `serve` runs: the ledger, the scheduled routes, and the console beside them. */
public final class Serve implements AutoCloseable {
    private final Ledger ledger;
    private final GatewayRuntime runtime;
    private final ConsoleServer console;

    public Serve(GatewayConfig config, Ledger ledger, ConsoleSettings consoleSettings) {
        this.ledger = ledger;
        this.runtime = new GatewayRuntime(config, ledger, true, Clock.systemDefaultZone());
        ConsoleServer c = null;
        if (consoleSettings.enabled()) {
            try {
                c = new ConsoleServer(consoleSettings, config, ledger, runtime);
            } catch (JavalinBindException e) {
                runtime.close();
                throw new ConfigException("the console cannot listen on " + consoleSettings.address() + ":"
                        + consoleSettings.port() + ": " + e.getMessage());
            }
        }
        this.console = c;
    }

    public GatewayRuntime runtime() {
        return runtime;
    }

    public Ledger ledger() {
        return ledger;
    }

    /** The console's port, or -1 when it is switched off. */
    public int consolePort() {
        return console == null ? -1 : console.port();
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        runtime.close();
    }
}
