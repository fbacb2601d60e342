package nl.edigate.camel;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

import nl.edigate.acks.AcknowledgementRouter;
import nl.edigate.config.AccessPointSettings;
import nl.edigate.config.ClientProfile;
import nl.edigate.delivery.AccessPoint;
import nl.edigate.delivery.AccessPointTls;
import nl.edigate.delivery.CamelSftpChannel;
import nl.edigate.delivery.ClientTls;
import nl.edigate.delivery.HttpsApiChannel;

/**
 * A client profile's routes, made from the route templates of the routes folder with the profile's
 * settings: its SFTP delivery and acknowledgement collection, and its API delivery and token when it has
 * an API. One more client is one more set of instances, no new route file and no new code.
 */
final class ClientRoutes {
    static final String SFTP_DELIVERY = "sftp-delivery";
    static final String SFTP_ACKNOWLEDGEMENTS = "sftp-acknowledgements";
    static final String HTTPS_DELIVERY = "https-delivery";
    static final String OAUTH2_TOKEN = "oauth2-token";
    static final String NIGHTLY_SCHEDULE = "nightly-schedule";
    static final String ACCESS_POINT = "peppol-access-point";
    /** The header with the clients a scheduled run delivers to (comma separated). */
    static final String CLIENTS_HEADER = "edigateClients";

    private ClientRoutes() {
    }

    /** Whether an exchange of this route is one document (a client's delivery routes), not a run or a pass. */
    static boolean carriesEachDocument(String routeId) {
        return routeId.startsWith(CamelSftpChannel.routeId("")) || routeId.startsWith(HttpsApiChannel.reportRouteId(""))
                || routeId.equals(AccessPoint.ROUTE_ID);
    }

    /** The route to the access point, with the mutual TLS made from the AP settings. */
    static void addAccessPoint(CamelContext context, AccessPointSettings ap, AccessPointTls tls) {
        context.getRegistry().bind("accessPointTls", tls.parameters());
        TemplatedRouteBuilder.builder(context, ACCESS_POINT).routeId(AccessPoint.ROUTE_ID)
                .parameter("baseUrl", ap.baseUrl())
                .parameter("tls", "accessPointTls")
                .parameter("connectTimeoutMs", ap.connectTimeout().toMillis())
                .parameter("responseTimeoutMs", ap.responseTimeout().toMillis())
                .parameter("maxAnswerBytes", AccessPoint.MAX_ANSWER)
                .add();
    }

    /** The route that collects this client's acknowledgements. */
    static String acknowledgementRouteId(String clientId) {
        return AcknowledgementRouter.ROUTE_PREFIX + clientId;
    }

    /**
     * A schedule route per distinct schedule of the profiles, with the clients it delivers to:
     * {@code nightly-schedule} when all share one, {@code nightly-schedule-<first client>} otherwise.
     */
    static void addSchedules(CamelContext context, Map<String, List<String>> schedules) {
        for (Map.Entry<String, List<String>> s : schedules.entrySet()) {
            String id = schedules.size() == 1 ? NIGHTLY_SCHEDULE : NIGHTLY_SCHEDULE + "-" + s.getValue().get(0);
            TemplatedRouteBuilder.builder(context, NIGHTLY_SCHEDULE).routeId(id)
                    .parameter("scheduleId", id)
                    .parameter("cron", s.getKey())
                    .parameter("clients", String.join(",", s.getValue()))
                    .add();
        }
    }

    static void add(CamelContext context, ClientProfile client) {
        if (client.takesOrders()) {
            addSftp(context, client);
        }
        addApi(context, client);
    }

    private static void addSftp(CamelContext context, ClientProfile client) {
        ClientProfile.SftpSettings sftp = client.sftp();
        // a delivery route a session: as many lanes as the client's server allows sessions at once
        for (int lane = 1; lane <= sftp.sessions(); lane++) {
            sftp(TemplatedRouteBuilder.builder(context, SFTP_DELIVERY), client)
                    .routeId(CamelSftpChannel.routeId(client.id(), lane))
                    .parameter("route", CamelSftpChannel.routeId(client.id(), lane))
                    .parameter("remoteDir", absolute(sftp.remoteDir()))
                    .parameter("tempSuffix", sftp.tempSuffix())
                    .add();
        }
        sftp(TemplatedRouteBuilder.builder(context, SFTP_ACKNOWLEDGEMENTS), client)
                .routeId(acknowledgementRouteId(client.id()))
                .parameter("ackDir", absolute(sftp.ackDir()))
                .add();
    }

    private static void addApi(CamelContext context, ClientProfile client) {
        ClientProfile.ApiSettings api = client.api();
        if (api == null) {
            return;
        }
        String tls = "clientApiTls-" + client.id();
        context.getRegistry().bind(tls, ClientTls.parameters(api.caFile()));
        TemplatedRouteBuilder.builder(context, HTTPS_DELIVERY).routeId(HttpsApiChannel.reportRouteId(client.id()))
                .parameter("clientId", client.id())
                .parameter("baseUrl", api.baseUrl())
                .parameter("tls", tls)
                .parameter("connectTimeoutMs", api.connectTimeout().toMillis())
                .parameter("responseTimeoutMs", api.responseTimeout().toMillis())
                .parameter("maxAnswerBytes", HttpsApiChannel.MAX_ANSWER)
                .add();
        TemplatedRouteBuilder.builder(context, OAUTH2_TOKEN).routeId(HttpsApiChannel.tokenRouteId(client.id()))
                .parameter("clientId", client.id())
                .parameter("tokenUrl", api.tokenUrl())
                .parameter("tls", tls)
                .parameter("connectTimeoutMs", api.connectTimeout().toMillis())
                .parameter("responseTimeoutMs", api.responseTimeout().toMillis())
                .parameter("maxAnswerBytes", HttpsApiChannel.MAX_TOKEN_ANSWER)
                .add();
    }

    /** The SFTP settings both SFTP templates share. */
    private static TemplatedRouteBuilder sftp(TemplatedRouteBuilder b, ClientProfile client) {
        ClientProfile.SftpSettings s = client.sftp();
        b.parameter("clientId", client.id())
                .parameter("host", s.host())
                .parameter("port", s.port())
                .parameter("user", s.user())
                .parameter("privateKeyFile", s.privateKeyFile().toAbsolutePath().toString())
                .parameter("knownHostsFile", s.knownHostsFile().toAbsolutePath().toString())
                .parameter("connectTimeoutMs", s.connectTimeout().toMillis())
                .parameter("readTimeoutMs", s.readTimeout().toMillis());
        if (s.passphraseEnv() != null) {
            String passphrase = System.getenv(s.passphraseEnv());
            if (passphrase != null && !passphrase.isEmpty()) {
                b.parameter("privateKeyPassphrase", passphrase);
            }
        }
        return b;
    }

    private static String absolute(String remoteDir) {
        return remoteDir.startsWith("/") ? remoteDir : "/" + remoteDir;
    }
}
