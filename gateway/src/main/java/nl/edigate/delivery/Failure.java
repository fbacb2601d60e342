package nl.edigate.delivery;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.jcraft.jsch.JSchChangedHostKeyException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.SftpException;

/**
 * A delivery error, classified: transient ones are retried with back-off, the others fail at once.
 * The text is built from the cause chain and never contains the endpoint's options (no secrets).
 */
public record Failure(Kind kind, String message, Duration retryAfter, String response) {

    public Failure(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public enum Kind {
        /** refused, reset, time-out, dropped: retry with back-off */
        TRANSIENT(false, false),
        /** the remote name exists already: never overwrite; this document fails, the others go on */
        REMOTE_EXISTS(true, false),
        /** host key changed or unknown: stop delivery to this client and alert; never accept a key by itself */
        HOST_KEY(true, true),
        /** key refused by the server */
        AUTHENTICATION(true, true),
        /** permission denied or the remote folder is missing */
        PERMISSION(true, true),
        /** the server's certificate is not trusted or not for this host name: stop and alert */
        TLS(true, true),
        /** the client refused this document (400, 422, 403, 404, 409, 413): fix the data, then resend */
        REJECTED(true, false),
        /** 429: wait as long as Retry-After says, then try again */
        RATE_LIMITED(false, false),
        /** 401: the token expired; fetch a new one and try once more */
        TOKEN_EXPIRED(false, false),
        /** the partner's answer breaks its own protocol (an identifier that cannot be one): stop and ask it */
        PROTOCOL(true, true);

        public final boolean permanent;
        public final boolean stopsClient;

        Kind(boolean permanent, boolean stopsClient) {
            this.permanent = permanent;
            this.stopsClient = stopsClient;
        }
    }

    public static Failure classify(Throwable error) {
        String text = describe(error);
        String handshake = null;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("received fatal alert") && (lower.contains("bad_certificate")
                    || lower.contains("certificate_required") || lower.contains("certificate_unknown")
                    || lower.contains("certificate_expired") || lower.contains("certificate_revoked")
                    || lower.contains("unknown_ca") || lower.contains("access_denied"))) {
                // the alert came from the server: it refused the certificate we showed (or that we showed none)
                return new Failure(Kind.AUTHENTICATION, "the server refused our client certificate (" + m + "): it is"
                        + " missing, not one the server's provider issued, or expired or revoked; delivery to this client"
                        + " is stopped");
            }
            if (t instanceof SSLPeerUnverifiedException || lower.contains("doesn't match any of the subject alternative names")) {
                return new Failure(Kind.TLS, "the server's certificate is not issued for this host name: delivery"
                        + " to this client is stopped (" + m + ")");
            }
            if (t instanceof SSLException && (lower.contains("protocol_version")
                    || lower.contains("selected protocol version") || lower.contains("no appropriate protocol"))) {
                return new Failure(Kind.TLS, "the server does not speak TLS 1.2 or newer, which the client's"
                        + " contract requires: delivery to this client is stopped (" + m + ")");
            }
            if (t instanceof CertificateException || lower.contains("pkix")
                    || lower.contains("certification path") || lower.contains("certificate")) {
                return new Failure(Kind.TLS, "the server's certificate is not trusted (unknown CA, expired or"
                        + " not for this host): delivery to this client is stopped (" + m + ")");
            }
            if (t instanceof SSLHandshakeException && handshake == null) {
                handshake = m; // decided after the causes are seen: one of them may name the certificate
            }
            if (t instanceof JSchChangedHostKeyException || lower.contains("hostkey has been changed")) {
                return new Failure(Kind.HOST_KEY, "the server's host key does not match the configured known_hosts"
                        + " (it changed): delivery to this client is stopped. Verify the new fingerprint with the"
                        + " client before updating known_hosts. (" + m + ")");
            }
            if (t instanceof JSchHostKeyException || lower.contains("reject hostkey")
                    || lower.contains("unknownhostkey")) {
                return new Failure(Kind.HOST_KEY, "the server's host key is not in the configured known_hosts:"
                        + " delivery to this client is stopped. (" + m + ")");
            }
            if (t.getClass().getSimpleName().startsWith("JSchAuth") || t.getClass().getSimpleName().startsWith("JSchPartialAuth")
                    || lower.equals("auth fail") || lower.contains("auth fail for methods") || lower.contains("auth cancel")) {
                return new Failure(Kind.AUTHENTICATION, "the server refused our key (authentication failed): " + m);
            }
            if (lower.contains("file already exist")) {
                return new Failure(Kind.REMOTE_EXISTS, "a file with this name already exists on the server;"
                        + " it was not overwritten");
            }
            if (t instanceof SftpException sftp) {
                if (sftp.id == 3) { // SSH_FX_PERMISSION_DENIED
                    return new Failure(Kind.PERMISSION, "permission denied on the server: " + text);
                }
                if (sftp.id == 2) { // SSH_FX_NO_SUCH_FILE
                    return new Failure(Kind.PERMISSION, "the remote folder does not exist: " + text);
                }
            }
            if (t instanceof ConnectException || t instanceof SocketTimeoutException || t instanceof SocketException
                    || t instanceof EOFException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return new Failure(Kind.TRANSIENT, text);
            }
        }
        if (handshake != null) {
            // neither the protocol nor the certificate: say what the handshake said, not a guess
            return new Failure(Kind.TLS, "the TLS handshake with the server failed: delivery to this client is"
                    + " stopped (" + handshake + ")");
        }
        // session down, channel closed, SSH_FX_FAILURE (disk full, rename refused), ...: worth another try
        return new Failure(Kind.TRANSIENT, text);
    }

    /** The messages of the cause chain, without repeats. */
    static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            m = m.replaceAll("(?i)(passphrase|password)=[^&\\s]*", "$1=xxxxxx");
            if (sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(m);
            }
        }
        return sb.toString();
    }
}
