package nl.edigate.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The supplier's Peppol access point provider (client-gemeente-interface.md, sections 3 and 4): its REST
 * API, reached with mutual TLS. The client certificate is a PKCS#12 file the AP issued; its password is
 * read from the environment when the channel is made and is never held here (records print their
 * fields). The AP's server certificate is checked against the JVM's trust store, or against a PEM file
 * when one is configured (an acceptance environment with its own CA). One AP serves every buyer.
 */
public record AccessPointSettings(String baseUrl, Path keystoreFile, String keystorePasswordEnv,
                                  Path keystorePasswordFile, Path trustFile,
                                  Duration connectTimeout, Duration responseTimeout, int maxRequestsPerSecond,
                                  RetryPolicy retry, Duration maxRetryAfter, Duration sentWithin,
                                  int responseWithinWorkingDays, Duration callDeadline) {
    /** The contract's limit: at most 5 requests a second. */
    static final int CONTRACT_RATE = 5;

    /** The AP settings, or null when none are configured. */
    static AccessPointSettings from(Settings s) {
        String base = s.optional("ap.base-url", null);
        if (base == null) {
            return null;
        }
        if (!base.startsWith("https://")) {
            throw new ConfigException(s.source() + ": ap.base-url must start with https:// (TLS is required)");
        }
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (s.optional("ap.keystore-file", null) == null) {
            throw new ConfigException(s.source() + ": required setting 'ap.keystore-file' is missing (the access point"
                    + " authenticates the supplier by the client certificate it issued, a PKCS#12 file)");
        }
        String trust = s.optional("ap.trust-file", null);
        AccessPointSettings ap = new AccessPointSettings(base, s.path("ap.keystore-file", null),
                s.optional("ap.keystore-password-env", "EDIGATE_AP_KEYSTORE_PASSWORD"),
                s.optional("ap.keystore-password-file", null) == null ? null : s.path("ap.keystore-password-file", null),
                trust == null ? null : s.path("ap.trust-file", null),
                s.duration("ap.connect-timeout", Duration.ofSeconds(10)),
                s.duration("ap.response-timeout", Duration.ofSeconds(60)),
                ConfigCheck.atLeastOne(s, "ap.max-requests-per-second", CONTRACT_RATE),
                new RetryPolicy(ConfigCheck.atLeastOne(s, "ap.retry.max-attempts", 8),
                        s.duration("ap.retry.initial-backoff", Duration.ofSeconds(5)),
                        s.duration("ap.retry.max-backoff", Duration.ofMinutes(5))),
                s.duration("ap.max-retry-after", Duration.ofMinutes(15)),
                s.duration("ap.sent-within", Duration.ofHours(4)),
                ConfigCheck.atLeastOne(s, "ap.response-within-working-days", 5),
                s.duration("ap.call-deadline", Duration.ofMinutes(3)));
        if (ap.maxRequestsPerSecond() > CONTRACT_RATE) {
            throw new ConfigException(s.source() + ": ap.max-requests-per-second " + ap.maxRequestsPerSecond()
                    + " is more than the contract allows (" + CONTRACT_RATE + ")");
        }
        return ap;
    }

    /**
     * The keystore password, from the environment variable named, or from a file of its own (owner-only,
     * outside the repository) when {@code ap.keystore-password-file} names one.
     */
    public char[] keystorePassword() {
        if (keystorePasswordFile != null) {
            try {
                return java.nio.file.Files.readString(keystorePasswordFile).strip().toCharArray();
            } catch (java.io.IOException e) {
                throw new ConfigException("ap.keystore-password-file " + keystorePasswordFile + " is not readable");
            }
        }
        String v = keystorePasswordEnv == null ? null : System.getenv(keystorePasswordEnv);
        if (v == null || v.isEmpty()) {
            throw new ConfigException("the password of ap.keystore-file " + keystoreFile + " is not set: environment"
                    + " variable " + keystorePasswordEnv + " is empty");
        }
        return v.toCharArray();
    }
}
