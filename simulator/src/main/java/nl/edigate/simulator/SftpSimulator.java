package nl.edigate.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.validation.PeppolValidator;

/**
 * The client's SFTP server, as the contract describes it, on loopback: its own host key, one user with
 * one authorised public key (passwords refused), at most 2 sessions, {@code /in/orderresponse} and
 * {@code /out/mlr}. Every file renamed to a final name in {@code /in/orderresponse} is checked the way
 * the client's importer does (name, XSD, PEPPOLBIS-T76) and the verdict kept.
 * <p>Over 300 lines: the SFTP server, the client's importer and the acknowledgements it writes, which
 * tests drive together; not production code, it moves to the simulator module (issue 12).
 */
public final class SftpSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SftpSimulator.class);
    private static final Pattern NAME = Pattern.compile("ORDRSP_([0-9]{13})_(.+)\\.xml");

    /** What the client's importer thought of one received file. */
    public record Verdict(String fileName, boolean accepted, List<String> reasons) {
    }

    /** Another client's importer, in place of the first client's T76 checks (the consortium's translator). */
    @FunctionalInterface
    public interface Importer {
        Verdict receive(Path file, String name);
    }

    private volatile Importer importer;

    /** This server's importer from now on: every final-named file goes to it, then to the imported folder. */
    public void importWith(Importer other) {
        this.importer = other;
    }

    private final SshServer server;
    private final Path root;
    private final KeyPair hostKey;
    private final List<Verdict> verdicts = new CopyOnWriteArrayList<>();
    private final List<Consumer<Path>> receivedListeners = new CopyOnWriteArrayList<>();
    private final List<UploadHook> uploadHooks = new CopyOnWriteArrayList<>();
    private final List<UploadHook> renameHooks = new CopyOnWriteArrayList<>();

    /** Called when an upload writes its first bytes; throwing refuses the write (the test's hook for faults). */
    @FunctionalInterface
    public interface UploadHook {
        void starting(Path file) throws IOException;
    }
    private volatile boolean validate = true;
    private volatile boolean acknowledge = true;
    private volatile long uploadDelayMillis;
    private final Set<String> unknownItemCodes = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger mlrCount = new AtomicInteger();
    private final AtomicInteger sessionsOpened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final Set<Session> authenticated = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger keepAlives = new AtomicInteger();

    private SftpSimulator(Path root, String user, PublicKey authorizedKey, KeyPair hostKey, int port) throws IOException {
        this.root = root;
        this.hostKey = hostKey;
        Files.createDirectories(root.resolve("sftp-root/in/orderresponse"));
        Files.createDirectories(root.resolve("sftp-root/out/mlr"));
        Files.createDirectories(root.resolve("imported"));
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((u, key, session) -> u.equals(user) && KeyUtils.compareKeys(key, authorizedKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        CoreModuleProperties.MAX_CONCURRENT_SESSIONS.set(server, 2);
        // small request/answer packets: without this, Nagle meets delayed ACKs and every SFTP round trip
        // can stall ~40 ms (measured: 46 ms per uploaded file)
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        // keep-alives counted on their way to the server's own handlers, which answer them
        List<RequestHandler<ConnectionService>> global = new ArrayList<>();
        global.add((connection, request, wantReply, buffer) -> {
            if (request.startsWith("keepalive@")) {
                keepAlives.incrementAndGet();
            }
            return RequestHandler.Result.Unsupported;
        });
        global.addAll(server.getGlobalRequestHandlers());
        server.setGlobalRequestHandlers(global);
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new SftpEventListener() {
            @Override
            public void received(ServerSession session, int type, int id) {
                requests.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
            }

            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle handle,
                                long offset, byte[] data, int dataOffset, int dataLen) throws IOException {
                if (offset == 0) {
                    pauseUpload();
                    for (UploadHook hook : uploadHooks) {
                        hook.starting(handle.getFile());
                    }
                }
            }

            @Override
            public void moving(ServerSession session, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
                for (UploadHook hook : renameHooks) {
                    hook.starting(dst);
                }
            }

            @Override
            public void moved(ServerSession session, Path src, Path dst, Collection<CopyOption> opts, Throwable thrown) {
                if (thrown == null) {
                    SftpSimulator.this.received(dst);
                }
            }
        });
        server.setSubsystemFactories(List.of(sftp));
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                sessionsOpened.incrementAndGet();
            }

            // concurrent sessions are counted as the limit counts them: from the user's authentication
            // to the session's end (a connection whose close is still being processed does not count)
            @Override
            public void sessionEvent(Session session, Event event) {
                if (event == Event.Authenticated && authenticated.add(session)) {
                    maxConcurrent.accumulateAndGet(open.incrementAndGet(), Math::max);
                }
            }

            @Override
            public void sessionClosed(Session session) {
                if (authenticated.remove(session)) {
                    open.decrementAndGet();
                }
            }
        });
        server.setFileSystemFactory(new VirtualFileSystemFactory(root.resolve("sftp-root").toAbsolutePath()));
        server.start();
    }

    /** Starts on a free loopback port with a fresh Ed25519 host key. */
    public static SftpSimulator start(Path root, String user, PublicKey authorizedKey) throws IOException {
        return new SftpSimulator(root, user, authorizedKey, SshKeys.generateEd25519(), 0);
    }

    /** Starts with a given host key and port, e.g. to come back after going away. */
    public static SftpSimulator start(Path root, String user, PublicKey authorizedKey, KeyPair hostKey, int port)
            throws IOException {
        return new SftpSimulator(root, user, authorizedKey, hostKey, port);
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** The server's /in/orderresponse, as the supplier sees it over SFTP. */
    public Path orderResponseDir() {
        return root.resolve("sftp-root/in/orderresponse");
    }

    /**
     * Where the client's importer puts what it picked up. It picks up every file that does not end in
     * .part at once (contract section 2), so /in/orderresponse stays empty but for uploads in flight.
     */
    public Path importedDir() {
        return root.resolve("imported");
    }

    public String knownHostsLine() {
        return SshKeys.knownHostsLine("127.0.0.1", port(), hostKey.getPublic());
    }

    /** How many SSH sessions were opened since the start. */
    public int sessionsOpened() {
        return sessionsOpened.get();
    }

    /** The most SSH sessions that were open (authenticated, not yet closed) at the same time. */
    public int maxConcurrentSessions() {
        return maxConcurrent.get();
    }

    /** How many SFTP requests of one type ({@code SftpConstants.SSH_FXP_...}) this server received since the start. */
    public int requestsReceived(int type) {
        AtomicInteger n = requests.get(type);
        return n == null ? 0 : n.get();
    }

    /** How many keep-alives (an SSH global request, not an SFTP one) this server received since the start. */
    public int keepAlivesReceived() {
        return keepAlives.get();
    }

    public List<Verdict> verdicts() {
        return List.copyOf(verdicts);
    }

    /** Switches the importer's checks off, for runs that only count files. */
    public void setValidate(boolean validate) {
        this.validate = validate;
    }

    /** Whether the importer writes a Message Level Response for every file (default yes). */
    public void setAcknowledge(boolean acknowledge) {
        this.acknowledge = acknowledge;
    }

    /** Client item codes its catalogue does not know: a document using one is rejected (a rule we cannot check). */
    public void rejectItemCodes(Collection<String> codes) {
        unknownItemCodes.addAll(codes);
    }

    public void acceptItemCodes(Collection<String> codes) {
        unknownItemCodes.removeAll(codes);
    }

    public Path mlrDir() {
        return root.resolve("sftp-root/out/mlr");
    }

    /** Called for every file that arrives under its final name (the test's hook for faults). */
    public void onReceived(Consumer<Path> listener) {
        receivedListeners.add(listener);
    }

    /** A slow server: every upload waits this long before the server takes its first bytes. */
    public void setUploadDelay(Duration delay) {
        uploadDelayMillis = delay.toMillis();
    }

    private void pauseUpload() {
        long ms = uploadDelayMillis;
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called before a rename; throwing refuses it. */
    public void onRenaming(UploadHook hook) {
        renameHooks.add(hook);
    }

    public void onUploadStarting(UploadHook hook) {
        uploadHooks.add(hook);
    }

    private void received(Path dst) {
        String name = dst.getFileName().toString();
        if (name.endsWith(".part") || name.endsWith(".tmp")) {
            return;
        }
        Importer other = importer;
        if (other != null) {
            verdicts.add(other.receive(dst, name));
        } else if (validate) {
            Verdict v = check(dst, name);
            verdicts.add(v);
            if (acknowledge) {
                acknowledge(dst, v);
            }
        }
        Path imported = importedDir().resolve(name);
        try {
            for (int i = 1; Files.exists(imported); i++) {
                imported = importedDir().resolve(name + "." + i);
            }
            Files.move(dst, imported);
        } catch (IOException e) {
            LOG.warn("simulator importer could not pick up {}: {}", name, e.getMessage());
        }
        Path picked = imported;
        receivedListeners.forEach(l -> l.accept(picked));
    }

    private Verdict check(Path file, String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return new Verdict(name, false, List.of("NAME: not ORDRSP_<GLN>_<document id>.xml"));
        }
        try {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            List<String> reasons = new ArrayList<>();
            PeppolValidator.get().validate(PeppolValidator.ORDER_RESPONSE, xml).forEach(f -> reasons.add(f.toString()));
            if (!xml.contains("<cbc:ID>" + m.group(2) + "</cbc:ID>")) {
                reasons.add("NAME: the document id in the name is not the document's cbc:ID");
            }
            LOG.debug("simulator received {}: {}", name, reasons.isEmpty() ? "valid" : reasons);
            return new Verdict(name, reasons.isEmpty(), reasons);
        } catch (IOException e) {
            return new Verdict(name, false, List.of("unreadable: " + e.getMessage()));
        }
    }

    private static final Pattern ENDPOINT = Pattern.compile("<cbc:EndpointID schemeID=\"0088\">([0-9]{13})</cbc:EndpointID>");
    private static final Pattern BUYERS_ITEM = Pattern.compile(
            "<cac:OrderLine>.*?<cbc:ID>([^<]*)</cbc:ID>.*?<cac:BuyersItemIdentification>\\s*<cbc:ID>([^<]*)</cbc:ID>",
            Pattern.DOTALL);

    /** The importer's answer: AP, or RE with the reasons (its checks, unknown item codes, duplicates). */
    private void acknowledge(Path file, Verdict v) {
        Matcher name = NAME.matcher(v.fileName());
        if (!name.matches()) {
            return; // a file that does not name a document cannot be answered
        }
        String docId = name.group(2);
        List<Mlr.Reason> reasons = new ArrayList<>();
        v.reasons().forEach(r -> reasons.add(new Mlr.Reason("NA", "BV", r)));
        String clientGln = "0000000000000";
        String supplierGln = name.group(1);
        try {
            String xml = Files.readString(file, StandardCharsets.UTF_8);
            Matcher ep = ENDPOINT.matcher(xml);
            if (ep.find() && ep.find()) {
                clientGln = ep.group(1);
            }
            for (String order : xml.split("</cac:OrderLine>")) {
                Matcher item = BUYERS_ITEM.matcher(order + "</cac:OrderLine>");
                if (item.find() && unknownItemCodes.contains(item.group(2))) {
                    reasons.add(new Mlr.Reason(item.group(1), "BV", "unknown client item code " + item.group(2)));
                }
            }
        } catch (IOException e) {
            reasons.add(new Mlr.Reason("NA", "SV", "unreadable"));
        }
        if (reasons.isEmpty() && !acceptedIds.add(docId)) {
            reasons.add(new Mlr.Reason("NA", "BV", "DUPLICATE: document id " + docId + " was accepted before"));
        }
        String code = reasons.isEmpty() ? "AP" : "RE";
        String mlr = Mlr.write("MLR-" + mlrCount.incrementAndGet(), docId, clientGln, supplierGln, code,
                reasons.isEmpty() ? null : "rejected", reasons);
        try {
            Path tmp = mlrDir().resolve("MLR_" + docId + ".xml.tmp");
            Files.writeString(tmp, mlr);
            Path target = mlrDir().resolve("MLR_" + docId + "_" + mlrCount.get() + ".xml");
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("simulator could not write its acknowledgement: {}", e.getMessage());
        }
    }

    /** Goes away: every session is dropped at once. */
    public void stop() {
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("simulator stop: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }
}
