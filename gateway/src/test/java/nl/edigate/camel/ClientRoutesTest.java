package nl.edigate.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;

import nl.edigate.TestProfiles;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.Settings;
import nl.edigate.delivery.CallDeadlines;

/**
 * The shipped routes folder with Camel's test kit, no server: a client profile's routes made from the
 * templates carry the contract's settings, and a delivery that fails comes back once, unretried, to the
 * code that records every attempt.
 */
class ClientRoutesTest extends CamelTestSupport {
    /** The shipped profile, trusting the default trust store instead of a CA file that is not on this machine. */
    static final ClientProfile CLIENT = ClientProfile.from(withoutCaFile(TestProfiles.clientSettings()));

    static Settings withoutCaFile(Settings s) {
        Map<String, String> values = new HashMap<>(s.asMap());
        values.remove("api.ca-file");
        return new Settings(s.source(), values);
    }

    /** What the acknowledgement route calls; never reached here (the route is not started). */
    public static final class NoAcknowledgements {
        public void receive(Exchange e) {
        }

        public void failed(Exchange e) {
        }
    }

    /** What the nightly-run and acknowledgement-schedule routes call. */
    public static final class NoRun {
        public String run(String kind) {
            return kind;
        }

        public String collect() {
            return "";
        }
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        test.withUseAdviceWith(true); // the test starts the context once the routes are in
    }

    private void loadShippedRoutes() throws Exception {
        context.getPropertiesComponent().setInitialProperties(GatewayRuntime.placeholders(TestProfiles.gateway(), false));
        context.getRegistry().bind("acknowledgements", new NoAcknowledgements());
        context.getRegistry().bind("nightlyRun", new NoRun());
        context.getRegistry().bind("acknowledgementPass", new NoRun());
        context.getRegistry().bind("callDeadlines", new CallDeadlines());
        PluginHelper.getRoutesLoader(context).loadRoutes(routeFiles(Path.of("routes")));
        ClientRoutes.add(context, CLIENT);
    }

    private List<Resource> routeFiles(Path dir) throws IOException {
        List<Resource> resources = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path f : files) {
                resources.add(ResourceHelper.resolveResource(context, "file:" + f.toAbsolutePath()));
            }
        }
        return resources;
    }

    @Test
    void aClientsRoutesComeFromTheTemplatesWithTheContractsSettings() throws Exception {
        loadShippedRoutes();
        context.start();
        String id = CLIENT.id();
        assertThat(context.getRoute("deliver-sftp-" + id)).isNotNull();
        assertThat(context.getRoute("deliver-https-" + id)).isNotNull();
        assertThat(context.getRoute("oauth2-token-" + id)).isNotNull();
        SftpEndpoint acks = (SftpEndpoint) context.getRoute("collect-acknowledgements-" + id).getEndpoint();
        assertThat(((ScheduledPollConsumer) context.getRoute("collect-acknowledgements-" + id).getConsumer())
                .isSchedulerStarted()).as("the acknowledgement consumer polls only in a pass").isFalse();

        List<SftpEndpoint> sftp = context.getEndpoints().stream().filter(SftpEndpoint.class::isInstance)
                .map(SftpEndpoint.class::cast).toList();
        assertThat(sftp).hasSize(2).contains(acks);
        for (SftpEndpoint e : sftp) {
            var c = e.getConfiguration();
            assertThat(c.getHost()).isEqualTo(CLIENT.sftp().host());
            assertThat(c.getPort()).isEqualTo(CLIENT.sftp().port());
            assertThat(c.getUsername()).isEqualTo(CLIENT.sftp().user());
            assertThat(c.getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(c.isAutoCreateKnownHostsFile()).isFalse();
            assertThat(c.isUseUserKnownHostsFile()).isFalse();
            assertThat(c.getKnownHostsFile()).isEqualTo(CLIENT.sftp().knownHostsFile().toAbsolutePath().toString());
            assertThat(c.getPreferredAuthentications()).isEqualTo("publickey");
            assertThat(e.getMaximumReconnectAttempts()).as("a reconnect would be an unrecorded retry").isZero();
        }
        SftpEndpoint delivery = sftp.stream().filter(e -> e != acks).findFirst().orElseThrow();
        assertThat(delivery.getConfiguration().getDirectory()).isEqualTo(CLIENT.sftp().remoteDir().replaceFirst("^/", ""));
        assertThat(delivery.getFileExist()).hasToString("Fail");
        assertThat(delivery.getTempFileName()).isNotNull();
        assertThat(acks.getConfiguration().getDirectory()).isEqualTo(CLIENT.sftp().ackDir().replaceFirst("^/", ""));
        assertThat(acks.isDelete()).isTrue();
        assertThat(acks.getConfiguration().isStreamDownload()).as("a file read up to its limit, never whole").isTrue();

        List<HttpEndpoint> https = context.getEndpoints().stream().filter(HttpEndpoint.class::isInstance)
                .map(HttpEndpoint.class::cast).toList();
        assertThat(https).hasSize(2);
        assertThat(context.getRegistry().lookupByNameAndType("clientApiTls-" + id, SSLContextParameters.class)).isNotNull();
        for (HttpEndpoint e : https) {
            // the client's own trust (its CA, or the default trust store), bound under the client's name
            assertThat(e.getEndpointUri()).contains("sslContextParameters=%23clientApiTls-" + id);
            assertThat(e.isFollowRedirects()).isFalse();
            assertThat(e.isThrowExceptionOnFailure()).as("every answer goes back to the answer table").isFalse();
            // every call within its total deadline, its answer read up to its limit by the route's next step
            assertThat(e.getHttpClientConfigurer()).isInstanceOf(CallDeadlines.class);
            assertThat(e.isDisableStreamCache()).isTrue();
        }
        assertThat(https).extracting(e -> e.getHttpUri().toString())
                .containsExactlyInAnyOrder(CLIENT.api().baseUrl(), CLIENT.api().tokenUrl());
    }

    @Test
    void aDeliveryThatFailsComesBackOnceUnretriedToTheCodeThatRecordsIt() throws Exception {
        loadShippedRoutes();
        String route = "deliver-sftp-" + CLIENT.id();
        AdviceWith.adviceWith(context, route, a -> a.weaveByToUri("sftp:*").replace().to("mock:client"));
        context.start();
        MockEndpoint client = getMockEndpoint("mock:client");
        client.whenAnyExchangeReceived(e -> {
            throw new IOException("connection reset");
        });
        client.expectedMessageCount(1);
        client.expectedHeaderReceived(Exchange.FILE_NAME, "ORDRSP_x.xml");

        Exchange result = template.send("direct:" + route, e -> {
            e.getIn().setBody("<OrderResponse/>");
            e.getIn().setHeader(Exchange.FILE_NAME, "ORDRSP_x.xml");
        });

        client.assertIsSatisfied();
        assertThat(result.getException()).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
