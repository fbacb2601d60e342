package nl.edigate.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.config.Settings;

/**
 * The clients, simulated on loopback for the demo and the tests: the first client's SFTP server and API,
 * the consortium's SFTP server with its EDI translator, each with its own host key, a fresh key pair for
 * the gateway that both servers authorise, a known_hosts file per server, the access point provider with
 * its own CA and our client certificate, and the gateway configuration pointed at all of it.
 * <p>Over 300 lines: the configuration of three clients and the access point, pointed at the simulators,
 * both as settings (in-process tests) and as files (process tests, the demo); not production code.
 */
public final class ClientSimulator implements AutoCloseable {
    public static final String USER = "leverancier";
    /** The consortium's GLN, as in its shipped profile. */
    public static final String CONSORTIUM_GLN = "8719876000008";
    public static final String CONSORTIUM_PROFILE = "config/clients/bouwcombinatie.properties";

    private final Path workDir;
    private final SftpSimulator sftp;
    private final Path privateKey;
    private final Path knownHosts;
    private final KeyPair gatewayKey;
    private final CertificateAuthority ca;
    private final ApiSimulator api;
    private final Path caFile;
    private final Path secretFile;
    private final String clientSecret;
    private final SftpSimulator consortium;
    private final EdifactTranslator translator;
    private final Path consortiumKnownHosts;
    private final CertificateAuthority apCa;
    private final AccessPointSimulator accessPoint;
    private final Path apTrustFile;
    private final Path apKeystore;
    private final Path apPasswordFile;

    private ClientSimulator(Path workDir) throws IOException {
        this.workDir = workDir.toAbsolutePath();
        Path keys = this.workDir.resolve("keys");
        gatewayKey = SshKeys.generateEd25519();
        privateKey = keys.resolve("edigate_ed25519");
        SshKeys.writePrivateKey(gatewayKey, privateKey);
        sftp = SftpSimulator.start(this.workDir.resolve("client-sftp"), USER, gatewayKey.getPublic());
        knownHosts = keys.resolve("known_hosts");
        Files.writeString(knownHosts, sftp.knownHostsLine() + "\n");
        // the consortium: its own server, host key and folders, the same supplier key authorised
        consortium = SftpSimulator.start(this.workDir.resolve("consortium-sftp"), USER, gatewayKey.getPublic());
        translator = new EdifactTranslator(CONSORTIUM_GLN, consortium.root().resolve("sftp-root"));
        consortium.importWith(translator);
        consortiumKnownHosts = keys.resolve("known_hosts_bouwcombinatie");
        Files.writeString(consortiumKnownHosts, consortium.knownHostsLine() + "\n");

        // the API: its own private CA, a fresh client secret that exists only in this work folder
        ca = CertificateAuthority.create("Opdrachtgever Private CA (simulator)");
        caFile = keys.resolve("client-ca.pem");
        ca.writePem(caFile);
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        clientSecret = "sim-" + HexFormat.of().formatHex(raw);
        secretFile = keys.resolve("api-client-secret");
        Files.deleteIfExists(secretFile);
        Files.createFile(secretFile, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secretFile, clientSecret);
        api = new ApiSimulator(ca.serverContext(List.of("127.0.0.1", "localhost")), API_CLIENT_ID, clientSecret,
                Set.of("RC-2025-0042", "RC-2026-0007"));

        // the access point provider: its own CA issues both its server certificate and our client
        // certificate (a PKCS#12 file whose password exists only in this work folder)
        apCa = CertificateAuthority.create("Access Point Provider CA (simulator)");
        apTrustFile = keys.resolve("ap-ca.pem");
        apCa.writePem(apTrustFile);
        new SecureRandom().nextBytes(raw);
        String apPassword = "p12-" + HexFormat.of().formatHex(raw);
        apPasswordFile = keys.resolve("ap-keystore-password");
        Files.deleteIfExists(apPasswordFile);
        Files.createFile(apPasswordFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(apPasswordFile, apPassword);
        apKeystore = keys.resolve("ap-client.p12");
        apCa.writeClientKeystore(apKeystore, "0106:" + SUPPLIER_KVK, apPassword.toCharArray());
        accessPoint = new AccessPointSimulator(apCa.mutualServerContext(List.of("127.0.0.1", "localhost")),
                "0106:" + SUPPLIER_KVK, Set.of(MUNICIPALITY, CONSORTIUM_BUYER));
    }

    /** The supplier's KvK number, as in the shipped gateway settings. */
    public static final String SUPPLIER_KVK = "12345678";
    /** The municipality as a Peppol participant, as in its shipped profile. */
    public static final String MUNICIPALITY = "0190:00000001234567890000";
    /** The consortium as a buyer of e-invoices, as in its shipped profile. */
    public static final String CONSORTIUM_BUYER = "0106:87654321";
    public static final String MUNICIPALITY_PROFILE = "config/clients/gemeente.properties";

    /** The access point provider. */
    public AccessPointSimulator accessPoint() {
        return accessPoint;
    }

    /** The CA that issues the AP's certificates (client certificates for tests of mutual TLS too). */
    public CertificateAuthority accessPointCa() {
        return apCa;
    }

    /** The AP settings that point the gateway at this simulator. */
    public Map<String, String> accessPointSettings() {
        return Map.of("ap.base-url", accessPoint.baseUrl(), "ap.keystore-file", apKeystore.toString(),
                "ap.keystore-password-file", apPasswordFile.toString(), "ap.trust-file", apTrustFile.toString(),
                "ap.retry.initial-backoff", "1s", "ap.retry.max-backoff", "10s");
    }

    public static final String API_CLIENT_ID = "leverancier-8712345000004";

    public ApiSimulator api() {
        return api;
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public Path caFile() {
        return caFile;
    }

    /** Only for tests that look for it where it must not be. */
    public String clientSecret() {
        return clientSecret;
    }

    public static ClientSimulator start(Path workDir) throws IOException {
        return new ClientSimulator(workDir);
    }

    public SftpSimulator sftp() {
        return sftp;
    }

    /** The consortium's SFTP server. */
    public SftpSimulator consortium() {
        return consortium;
    }

    /** The consortium's translator: what it received and the CONTRLs it writes. */
    public EdifactTranslator translator() {
        return translator;
    }

    public Path consortiumKnownHosts() {
        return consortiumKnownHosts;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public KeyPair gatewayKey() {
        return gatewayKey;
    }

    public Path workDir() {
        return workDir;
    }

    public Path inbox() {
        return workDir.resolve("inbox");
    }

    /**
     * The shipped configuration, with the ledger and inbox moved into the work folder and the client's
     * channel pointed at this simulator. {@code overrides} win over both files (keys of either).
     */
    public GatewayConfig config(Path gatewayFile, Map<String, String> overrides) throws IOException {
        Settings gateway = Settings.load(gatewayFile)
                .with("ledger.jdbc-url", "jdbc:h2:file:" + workDir.resolve("ledger/edigate"))
                .with("inbox.dir", inbox().toString())
                .with("inbox.archive-dir", workDir.resolve("archive").toString())
                .with("inbox.rejected-dir", workDir.resolve("rejected").toString())
                .with("acks.dir", workDir.resolve("acks").toString());
        for (Map.Entry<String, String> e : accessPointSettings().entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
        }
        Settings client = Settings.load(gateway.resolve(gateway.required("clients").split(",")[0].trim()))
                .with("sftp.host", "127.0.0.1")
                .with("sftp.port", Integer.toString(sftp.port()))
                .with("sftp.user", USER)
                .with("sftp.private-key-file", privateKey.toString())
                .with("sftp.known-hosts-file", knownHosts.toString())
                .with("retry.initial-backoff", "1s")
                .with("api.base-url", api.baseUrl())
                .with("api.token-url", api.baseUrl() + "/oauth2/token")
                .with("api.client-id", API_CLIENT_ID)
                .with("api.client-secret-file", secretFile.toString())
                .with("api.ca-file", caFile.toString())
                .with("api.retry.initial-backoff", "1s")
                .with("api.retry.max-backoff", "10s");
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
            client = client.with(e.getKey(), e.getValue());
        }
        Files.createDirectories(inbox());
        return GatewayConfig.from(gateway, List.of(ClientProfile.from(client)));
    }

    /**
     * Both clients: the first as {@link #config}, and the consortium's shipped profile pointed at its
     * simulated server. {@code overrides} go to the gateway and the first client; {@code consortiumOverrides}
     * to the consortium's profile.
     */
    public GatewayConfig configWithConsortium(Path gatewayFile, Map<String, String> overrides,
                                              Map<String, String> consortiumOverrides) throws IOException {
        GatewayConfig first = config(gatewayFile, overrides);
        Settings profile = consortiumSettings();
        for (Map.Entry<String, String> e : consortiumOverrides.entrySet()) {
            profile = profile.with(e.getKey(), e.getValue());
        }
        Settings gateway = Settings.load(gatewayFile);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : accessPointSettings().entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().startsWith("ap.")) {
                gateway = gateway.with(e.getKey(), e.getValue());
            }
        }
        gateway = gateway.with("ledger.jdbc-url", first.jdbcUrl()).with("inbox.dir", first.inboxDir().toString())
                .with("inbox.archive-dir", first.archiveDir().toString())
                .with("inbox.rejected-dir", first.rejectedDir().toString())
                .with("acks.dir", first.acksDir().toString());
        return GatewayConfig.from(gateway, List.of(first.client(), ClientProfile.from(profile)));
    }

    /**
     * All three clients of the shipped configuration: the first, the consortium and the municipality (e-invoices
     * through the access point simulator), as {@link #configWithConsortium}.
     */
    public GatewayConfig configWithAllClients(Path gatewayFile, Map<String, String> overrides,
                                              Map<String, String> consortiumOverrides) throws IOException {
        GatewayConfig two = configWithConsortium(gatewayFile, overrides, consortiumOverrides);
        Settings gateway = Settings.load(gatewayFile);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            gateway = gateway.with(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : accessPointSettings().entrySet()) {
            if (!overrides.containsKey(e.getKey())) {
                gateway = gateway.with(e.getKey(), e.getValue());
            }
        }
        gateway = gateway.with("ledger.jdbc-url", two.jdbcUrl()).with("inbox.dir", two.inboxDir().toString())
                .with("inbox.archive-dir", two.archiveDir().toString())
                .with("inbox.rejected-dir", two.rejectedDir().toString())
                .with("acks.dir", two.acksDir().toString());
        List<ClientProfile> clients = new java.util.ArrayList<>(two.clients());
        clients.add(ClientProfile.from(Settings.load(Path.of(MUNICIPALITY_PROFILE))));
        return GatewayConfig.from(gateway, clients);
    }

    /** The consortium's shipped profile, pointed at its simulated server. */
    public Settings consortiumSettings() throws IOException {
        return Settings.load(Path.of(CONSORTIUM_PROFILE))
                .with("sftp.host", "127.0.0.1")
                .with("sftp.port", Integer.toString(consortium.port()))
                .with("sftp.user", USER)
                .with("sftp.private-key-file", privateKey.toString())
                .with("sftp.known-hosts-file", consortiumKnownHosts.toString())
                .with("retry.initial-backoff", "1s");
    }

    /**
     * The shipped config files, pointed at this simulator and a work folder, written as an operator
     * would: returns the gateway file. The API secret is read from the environment variable
     * EDIGATE_API_CLIENT_SECRET.
     */
    public Path writeConfigFiles(Path dir) throws IOException {
        dir = dir.toAbsolutePath(); // the files name each other: absolute, wherever they are read from
        Files.createDirectories(dir);
        Path clientFile = dir.resolve("client.properties");
        Files.writeString(clientFile, Files.readString(Path.of("config/clients/opdrachtgever.properties"))
                .replace("sftp.host=sftp.acceptatie.opdrachtgever.example", "sftp.host=127.0.0.1")
                .replace("sftp.port=22", "sftp.port=" + sftp.port())
                .replace("sftp.user=leverancier-8712345000004", "sftp.user=" + USER)
                .replace("/etc/edigate/keys/opdrachtgever_ed25519", workDir.resolve("keys/edigate_ed25519").toString())
                .replace("/etc/edigate/known_hosts", knownHosts.toString())
                .replace("https://api.acceptatie.opdrachtgever.example", api.baseUrl())
                .replace("/etc/edigate/opdrachtgever-ca.pem", caFile.toString()));
        Path gateway = dir.resolve("gateway.properties");
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(gateway, Files.readString(Path.of("config/gateway.properties"))
                .replace("../data/ledger/edigate", dir.resolve("ledger/edigate").toString())
                .replace("inbox.dir=../data/inbox", "inbox.dir=" + dir.resolve("inbox"))
                .replace("inbox.archive-dir=../data/archive", "inbox.archive-dir=" + dir.resolve("archive"))
                .replace("inbox.rejected-dir=../data/rejected", "inbox.rejected-dir=" + dir.resolve("rejected"))
                .replace("acks.dir=../data/acks", "acks.dir=" + dir.resolve("acks"))
                .replace("inbox.stable-after=30s", "inbox.stable-after=0s")
                .replace("routes.dir=../routes", "routes.dir=" + Path.of("routes").toAbsolutePath())
                .replace("ap.base-url=https://ap.acceptatie.example/", "ap.base-url=" + accessPoint.baseUrl()
                        + "\nap.trust-file=" + apTrustFile + "\nap.keystore-password-file=" + apPasswordFile)
                .replace("/etc/edigate/keys/ap-client.p12", apKeystore.toString())
                .replaceFirst("(?m)^clients=.*$", "clients=" + clientFile));
        return gateway;
    }

    /** As {@link #writeConfigFiles(Path)}, with the consortium's profile too, pointed at its simulated server. */
    public Path writeConfigFilesWithConsortium(Path dir) throws IOException {
        dir = dir.toAbsolutePath(); // the files name each other: absolute, wherever they are read from
        Path gateway = writeConfigFiles(dir);
        Path consortiumFile = dir.resolve("bouwcombinatie.properties");
        Files.writeString(consortiumFile, Files.readString(Path.of(CONSORTIUM_PROFILE))
                .replace("sftp.host=sftp.acceptatie.bouwcombinatie.example", "sftp.host=127.0.0.1")
                .replace("sftp.port=22", "sftp.port=" + consortium.port())
                .replace("sftp.user=leverancier-8712345000004", "sftp.user=" + USER)
                .replace("/etc/edigate/keys/bouwcombinatie_ed25519", privateKey.toString())
                .replace("/etc/edigate/known_hosts_bouwcombinatie", consortiumKnownHosts.toString()));
        String text = Files.readString(gateway);
        Files.writeString(gateway, text.replaceFirst("(?m)^clients=(.*)$", "clients=$1," + consortiumFile));
        return gateway;
    }

    /** As {@link #writeConfigFilesWithConsortium(Path)}, with the municipality's profile too (e-invoices). */
    public Path writeConfigFilesWithAllClients(Path dir) throws IOException {
        dir = dir.toAbsolutePath(); // the files name each other: absolute, wherever they are read from
        Path gateway = writeConfigFilesWithConsortium(dir);
        Path municipalityFile = dir.resolve("gemeente.properties");
        Files.writeString(municipalityFile, Files.readString(Path.of(MUNICIPALITY_PROFILE)));
        String text = Files.readString(gateway);
        Files.writeString(gateway, text.replaceFirst("(?m)^clients=(.*)$", "clients=$1," + municipalityFile));
        return gateway;
    }

    @Override
    public void close() {
        sftp.close();
        consortium.close();
        api.close();
        accessPoint.close();
    }
}
