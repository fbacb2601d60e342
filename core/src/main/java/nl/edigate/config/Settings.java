package nl.edigate.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Typed access to one properties file, with errors that name the file and the key.
 */
public final class Settings {
    private final String source;
    private final Map<String, String> values;
    /** The folder of the file the settings came from: relative paths in them resolve against it. */
    private final Path base;

    public Settings(String source, Map<String, String> values) {
        this(source, values, null);
    }

    private Settings(String source, Map<String, String> values, Path base) {
        this.source = source;
        this.values = new TreeMap<>(values);
        this.base = base;
    }

    public static Settings load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        Map<String, String> map = new TreeMap<>();
        props.forEach((k, v) -> map.put(k.toString().trim(), v.toString().trim()));
        return new Settings(file.toString(), map, file.toAbsolutePath().getParent());
    }

    public String source() {
        return source;
    }

    public Map<String, String> asMap() {
        return Map.copyOf(values);
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new Settings(source, copy, base);
    }

    public String optional(String key, String fallback) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public String required(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new ConfigException(source + ": required setting '" + key + "' is missing");
        }
        return v;
    }

    public int integer(String key, int fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(source + ": setting '" + key + "' must be a whole number, not '" + v + "'");
        }
    }

    public boolean bool(String key, boolean fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new ConfigException(source + ": setting '" + key + "' must be true or false, not '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** Durations as 500ms, 30s, 5m, 2h, 30d. */
    public Duration duration(String key, Duration fallback) {
        String v = optional(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.startsWith("-")) {
                throw new ConfigException(source + ": setting '" + key + "' must not be negative, not '" + v + "'");
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            switch (v.charAt(v.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                case 'd': return Duration.ofDays(n);
                default: break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // fall through to the error below
        }
        throw new ConfigException(source + ": setting '" + key + "' must be a duration like 500ms, 30s, 5m, 2h or 30d, not '" + v + "'");
    }

    /** A path setting; a relative one resolves against the settings file's folder (as an installed copy needs). */
    public Path path(String key, String fallback) {
        String v = optional(key, fallback);
        return v == null ? null : resolve(v);
    }

    /** A path as written in these settings: absolute as it is, relative against the settings file's folder. */
    public Path resolve(String path) {
        Path p = Path.of(path);
        return base == null || p.isAbsolute() ? p : base.resolve(p).normalize();
    }

    /** A JDBC URL; an embedded H2 file given relative resolves against the settings file's folder. */
    public String jdbcUrl(String key) {
        String url = required(key);
        String prefix = "jdbc:h2:file:";
        if (base == null || !url.startsWith(prefix)) {
            return url;
        }
        String rest = url.substring(prefix.length());
        int semicolon = rest.indexOf(';');
        String file = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (file.startsWith("~") || Path.of(file).isAbsolute()) {
            return url;
        }
        return prefix + resolve(file) + (semicolon < 0 ? "" : rest.substring(semicolon));
    }

    /** Every key below a prefix, with the prefix removed. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
