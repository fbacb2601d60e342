package nl.edigate.camel;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.ConfigException;

/**
 * Host key and TLS checks cannot be switched off by editing a route: at start every SFTP endpoint must
 * check host keys strictly, and no HTTP endpoint may skip the host name check. Only the explicit
 * setting {@code security.allow-insecure=true} lets such a route start, and then every start says so
 * loudly in the log. The demo never sets it.
 */
final class SecurityGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityGuard.class);

    private SecurityGuard() {
    }

    static void check(CamelContext context, boolean allowInsecure) {
        List<String> problems = new ArrayList<>();
        for (Endpoint e : context.getEndpoints()) {
            if (e instanceof SftpEndpoint sftp) {
                String strict = sftp.getConfiguration().getStrictHostKeyChecking();
                if (!"yes".equalsIgnoreCase(strict)) {
                    problems.add("an SFTP endpoint has strictHostKeyChecking=" + strict + " (host keys must be checked)");
                }
                if (sftp.getConfiguration().isAutoCreateKnownHostsFile()) {
                    problems.add("an SFTP endpoint would create its own known_hosts (accepting any first key)");
                }
            }
            // only the client library's own verifier (the default when none is set) is accepted
            if (e instanceof HttpEndpoint http && http.getX509HostnameVerifier() != null
                    && !(http.getX509HostnameVerifier() instanceof DefaultHostnameVerifier)) {
                problems.add("an HTTPS endpoint uses its own host name verifier ("
                        + http.getX509HostnameVerifier().getClass().getSimpleName() + ")");
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        if (!allowInsecure) {
            throw new ConfigException("refusing to start: " + String.join("; ", problems)
                    + ". Fix the route, or set security.allow-insecure=true (logged at every start) for a test bench");
        }
        for (String p : problems) {
            LOG.warn("INSECURE (security.allow-insecure=true): {}", p);
        }
    }
}
