package nl.edigate.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The --config option every command shares. */
public final class ConfigOption {
    @Option(names = {"-c", "--config"}, defaultValue = "${sys:edigate.config:-config/gateway.properties}",
            description = "gateway settings (default: ${DEFAULT-VALUE}; bin/edigate: $EDIGATE_CONFIG or"
                    + " <install>/config/gateway.properties)")
    Path file;

    public Path file() {
        return file;
    }
}
