package nl.edigate.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import nl.edigate.OrdersCsv;
import nl.edigate.camel.GatewayRuntime;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.simulator.ClientSimulator;

/**
 * The morning the console is for: a night in which the client's disk was full, so that every order
 * response (VO-1 with two lines, VO-2 with one) FAILED; the disk has room again now.
 */
final class FailedNight {
    private FailedNight() {
    }

    static GatewayConfig config(ClientSimulator client) throws IOException {
        // serve's automatic retries wait a day here: the console tests look at the FAILED documents
        return client.config(Path.of("config/gateway.properties"),
                Map.of("inbox.stable-after", "0s", "retry.max-attempts", "1", "service.retry-initial-backoff", "1d"));
    }

    /** Runs the night on the given ledger; afterwards uploads succeed again. */
    static void run(ClientSimulator client, GatewayConfig config, Ledger ledger) throws IOException {
        OrdersCsv csv = new OrdersCsv();
        csv.addOrder("VO-1", 2);
        csv.addOrder("VO-2", 1);
        Files.writeString(config.inboxDir().resolve("orders_20261125-231000.csv"), csv.build());
        AtomicBoolean full = new AtomicBoolean(true);
        client.sftp().onUploadStarting(f -> {
            if (full.get()) {
                throw new IOException("simulated: disk full");
            }
        });
        try (GatewayRuntime night = new GatewayRuntime(config, ledger, false, Clock.systemDefaultZone())) {
            night.runNow("night");
        }
        full.set(false);
    }
}
