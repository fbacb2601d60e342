package nl.edigate.console;

import java.time.Clock;

import io.javalin.util.JavalinBindException;

import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.ConfigException;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.DeliveryLease;
import nl.edigate.service.Service;

/**
 * What `serve` runs: the delivery lease first (one owner of delivery at a time), the scheduled routes, the
 * service's timers (handed-over resends, automatic retries, alerts), and the console beside them.
 */
public final class Serve implements AutoCloseable {
    private final Ledger ledger;
    private final DeliveryLease lease;
    private final GatewayRuntime runtime;
    private final Service service;
    private final ConsoleServer console;

    public Serve(GatewayConfig config, Ledger ledger, ConsoleSettings consoleSettings) {
        this(config, ledger, consoleSettings, config.clock());
    }

    public Serve(GatewayConfig config, Ledger ledger, ConsoleSettings consoleSettings, Clock clock) {
        this(config, ledger, consoleSettings, clock, DeliveryLease.take(ledger, "serve"));
    }

    /** With the lease already taken (a standby instance that took over); given back when this closes. */
    public Serve(GatewayConfig config, Ledger ledger, ConsoleSettings consoleSettings, Clock clock,
                 DeliveryLease lease) {
        this.ledger = ledger;
        this.lease = lease;
        try {
            this.runtime = new GatewayRuntime(config, ledger, true, clock);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        this.service = new Service(config, ledger, runtime, clock, lease.owner(), () -> !lease.lost());
        lease.onLost(() -> runtime.nightlyRun().halt());
        ConsoleServer c = null;
        if (consoleSettings.enabled()) {
            try {
                c = new ConsoleServer(consoleSettings, config, ledger, runtime, service.health());
            } catch (JavalinBindException e) {
                service.close();
                runtime.close();
                lease.close();
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

    public Service service() {
        return service;
    }

    /** The console's port, or -1 when it is switched off. */
    public int consolePort() {
        return console == null ? -1 : console.port();
    }

    @Override
    public void close() {
        service.close();
        if (console != null) {
            console.close();
        }
        runtime.close();
        lease.close();
    }
}
