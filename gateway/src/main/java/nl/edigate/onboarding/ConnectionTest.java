package nl.edigate.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;

import nl.edigate.config.ClientProfile;
import nl.edigate.delivery.Failure;
import nl.edigate.delivery.HostKeys;

/**
 * `clients test-connection`: reaches a client's channel for real, as delivery will (the host key checked
 * against the profile's known_hosts, key authentication only), and sends no business data: it lists the
 * delivery and acknowledgement folders, writes a probe under the client's temporary suffix (which its
 * importer ignores) and deletes it again; with an API, it fetches a token over verified TLS. Each step is
 * a line, OK or the reason; the first failure of the SFTP steps ends them.
 */
public final class ConnectionTest {
    /** One step and how it went. */
    public record Step(String what, boolean ok, String detail) {
        @Override
        public String toString() {
            return (ok ? "OK      " : "FAILED  ") + what + (detail == null ? "" : ": " + detail);
        }
    }

    private ConnectionTest() {
    }

    /**
     * @param token fetches a token over the client's API channel and says until when it is valid; null
     *              when the profile has no API
     */
    public static List<Step> run(ClientProfile client, Supplier<String> token) {
        return run(client, token, null, null);
    }

    /**
     * As above, and the access point when the client receives e-invoices: {@code accessPoint} reaches it over
     * mutual TLS with a read-only request and says how it went; null when the client receives none.
     */
    public static List<Step> run(ClientProfile client, Supplier<String> token, String accessPointUrl,
                                 Supplier<String> accessPoint) {
        List<Step> steps = new ArrayList<>();
        if (accessPoint != null) {
            String what = "Peppol access point " + accessPointUrl;
            try {
                steps.add(new Step(what, true, accessPoint.get()));
            } catch (RuntimeException e) {
                steps.add(new Step(what, false, e.getMessage()));
            }
        }
        if (client.takesOrders()) {
            sftp(client.sftp(), steps);
        }
        if (token != null) {
            try {
                steps.add(new Step("API token from " + client.api().tokenUrl(), true, token.get()));
            } catch (RuntimeException e) {
                steps.add(new Step("API token from " + client.api().tokenUrl(), false, Failure.classify(e).message()));
            }
        }
        return steps;
    }

    /** The folder's entries, without its "." and "..". */
    private static long entries(ChannelSftp sftp, String dir) throws SftpException {
        return sftp.ls(dir).stream().map(e -> ((ChannelSftp.LsEntry) e).getFilename())
                .filter(n -> !n.equals(".") && !n.equals("..")).count();
    }

    private static void sftp(ClientProfile.SftpSettings s, List<Step> steps) {
        String where = s.user() + "@" + s.host() + ":" + s.port();
        Session session = null;
        try {
            JSch jsch = new JSch();
            String passphrase = s.passphraseEnv() == null ? null : System.getenv(s.passphraseEnv());
            jsch.addIdentity(s.privateKeyFile().toString(), passphrase == null || passphrase.isEmpty() ? null
                    : passphrase.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            jsch.setKnownHosts(s.knownHostsFile().toString());
            session = jsch.getSession(s.user(), s.host(), s.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setTimeout((int) s.readTimeout().toMillis());
            session.connect((int) s.connectTimeout().toMillis());
            steps.add(new Step("SFTP " + where + ": host key matches " + s.knownHostsFile() + ", key accepted", true, null));
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect((int) s.connectTimeout().toMillis());
            steps.add(new Step("list " + s.remoteDir(), true, entries(sftp, s.remoteDir()) + " entries"));
            String probe = s.remoteDir() + "/.edigate-connection-test-" + UUID.randomUUID() + s.tempSuffix();
            sftp.put(new java.io.ByteArrayInputStream(new byte[0]), probe);
            sftp.rm(probe);
            steps.add(new Step("write and delete a probe in " + s.remoteDir(), true, "an empty " + s.tempSuffix()
                    + " file, which the client's importer ignores"));
            steps.add(new Step("list " + s.ackDir(), true, entries(sftp, s.ackDir()) + " entries waiting"));
            sftp.disconnect();
        } catch (JSchException | SftpException e) {
            Failure f = Failure.classify(e);
            // a refused host key: both fingerprints, so that the operator can compare them with the client's
            steps.add(new Step("SFTP " + where, false, f.kind() == Failure.Kind.HOST_KEY
                    ? f.message() + " " + HostKeys.compare(s) : f.message()));
        } finally {
            if (session != null) {
                session.disconnect();
            }
        }
    }
}
