package nl.edigate.delivery;

import java.util.ArrayList;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;

import nl.edigate.config.ClientProfile;

/**
 * When the server's host key is refused: which key the server offered and which ones known_hosts expects,
 * as fingerprints (SHA256), so that the operator can compare them with what the client publishes. The
 * server is asked for its key only (no login); the key is never accepted.
 */
public final class HostKeys {
    private HostKeys() {
    }

    public static String compare(ClientProfile.SftpSettings s) {
        String name = s.port() == 22 ? s.host() : "[" + s.host() + "]:" + s.port();
        List<String> expected = new ArrayList<>();
        String offered;
        try {
            JSch jsch = new JSch();
            jsch.setKnownHosts(s.knownHostsFile().toString());
            HostKey[] known = jsch.getHostKeyRepository().getHostKey(name, null);
            if (known != null) {
                for (HostKey k : known) {
                    expected.add(k.getType() + " " + k.getFingerPrint(jsch));
                }
            }
            offered = offered(jsch, s);
        } catch (JSchException | RuntimeException e) {
            return "(the fingerprints could not be read: " + e.getMessage() + ")";
        }
        return "The server offered " + offered + "; " + s.knownHostsFile() + " expects "
                + (expected.isEmpty() ? "no key for " + name : String.join(" or ", expected)) + ".";
    }

    private static String offered(JSch jsch, ClientProfile.SftpSettings s) throws JSchException {
        HostKey[] seen = new HostKey[1];
        JSch probe = new JSch();
        probe.setHostKeyRepository(new Recording(seen));
        Session session = probe.getSession("host-key-probe", s.host(), s.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setUserInfo(null);
        try {
            session.connect((int) s.connectTimeout().toMillis());
        } catch (JSchException e) {
            // expected: the key is refused after it was seen
        } finally {
            session.disconnect();
        }
        return seen[0] == null ? "no key (the connection failed before)" : seen[0].getType() + " " + seen[0].getFingerPrint(jsch);
    }

    /** Sees the key the server offers and trusts none. */
    private record Recording(HostKey[] seen) implements HostKeyRepository {
        @Override
        public int check(String host, byte[] key) {
            try {
                seen[0] = new HostKey(host, key);
            } catch (JSchException e) {
                // unknown key type: nothing to show
            }
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // never: a key is not accepted by looking at it
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "host-key-probe";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
