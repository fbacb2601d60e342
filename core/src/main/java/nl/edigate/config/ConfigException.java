package nl.edigate.config;

/** A configuration problem; the command line prints its message as one line and exits 2. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
