package nl.edigate.console;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import nl.edigate.config.ConfigException;
import nl.edigate.config.Settings;

/**
 * The web console's settings: address (loopback by default), port, and users with a role and a
 * password hash ({@code console.user.NAME=viewer|operator:pbkdf2-sha256$...}, made with
 * `edigate hash-password`). No user ships with the gateway: no default password exists.
 */
public record ConsoleSettings(boolean enabled, String address, int port, Map<String, User> users) {

    public enum Role { VIEWER, OPERATOR }

    public record User(String name, Role role, String hash) {
        @Override
        public String toString() {
            return name + " (" + role + ")"; // never the hash
        }
    }

    public static ConsoleSettings from(Path gatewayFile) {
        return from(Settings.load(gatewayFile));
    }

    public static ConsoleSettings from(Settings s) {
        Map<String, User> users = new TreeMap<>();
        s.section("console.user.").forEach((name, value) -> {
            int colon = value.indexOf(':');
            String role = colon < 0 ? "" : value.substring(0, colon);
            String hash = colon < 0 ? "" : value.substring(colon + 1);
            if (!role.equals("viewer") && !role.equals("operator")) {
                throw new ConfigException(s.source() + ": console.user." + name + " must be viewer:<hash> or operator:<hash>");
            }
            if (!hash.startsWith("pbkdf2-sha256$")) {
                throw new ConfigException(s.source() + ": console.user." + name
                        + " needs a password hash made with `edigate hash-password`, not a password");
            }
            users.put(name, new User(name, Role.valueOf(role.toUpperCase()), hash));
        });
        return new ConsoleSettings(s.bool("console.enabled", true), s.optional("console.address", "127.0.0.1"),
                s.integer("console.port", 8480), Map.copyOf(users));
    }
}
