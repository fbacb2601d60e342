package nl.edigate.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

import nl.edigate.config.GatewayConfig;
import nl.edigate.intake.OrderFileReader;
import nl.edigate.orders.OrderResponseMapper;
import nl.edigate.simulator.ClientSimulator;
import nl.edigate.validation.PeppolValidator;

/**
 * The overlapped floor of issue 16: the best a plain program could do on this machine within the
 * contract. One thread reads the export; every core maps and validates; the two SFTP sessions the contract
 * allows upload (.part, then rename) while the rest is still being computed; bounded queues between. No
 * framework, ledger, report or retry. Its wall time is what the gateway's is compared with.
 */
final class OverlappedFloor {
    /** The contract's limit: at most two SFTP sessions at a time (client-interface.md). */
    static final int SESSIONS = 2;
    private static final String[] END = new String[0];

    private OverlappedFloor() {
    }

    /** Seconds from the first read to the last rename; every order uploaded once. */
    static double seconds(ClientSimulator client, GatewayConfig config, Path export, int n) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        OrderResponseMapper mapper = new OrderResponseMapper(config.supplier(), config.client());
        PeppolValidator validator = PeppolValidator.get();
        ExecutorService compute = Executors.newFixedThreadPool(cores);
        BlockingQueue<String[]> ready = new ArrayBlockingQueue<>(64 * cores);
        Semaphore inFlight = new Semaphore(4 * cores);
        AtomicInteger numbered = new AtomicInteger();
        AtomicInteger uploaded = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Session> sessions = new ArrayList<>();
        List<Thread> uploaders = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            Session session = session(client);
            sessions.add(session);
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(15_000);
            uploaders.add(new Thread(() -> {
                try {
                    for (String[] doc = ready.take(); doc != END; doc = ready.take()) {
                        sftp.put(new ByteArrayInputStream(doc[1].getBytes(StandardCharsets.UTF_8)), doc[0] + ".part");
                        sftp.rename(doc[0] + ".part", doc[0]);
                        uploaded.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                } finally {
                    sftp.disconnect();
                }
            }, "floor-upload-" + s));
        }
        long t = System.nanoTime();
        uploaders.forEach(Thread::start);
        OrderFileReader reader = new OrderFileReader(config.client(), StandardCharsets.UTF_8);
        List<Future<?>> work = new ArrayList<>();
        reader.read(export, reader.prescan(export), o -> {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            int i = numbered.getAndIncrement();
            work.add(compute.submit(() -> {
                try {
                    String xml = mapper.toXml(o, "overlapped-" + i, LocalDate.now());
                    if (!validator.validate(PeppolValidator.ORDER_RESPONSE, xml).isEmpty()) {
                        throw new IllegalStateException("a generated order does not validate");
                    }
                    ready.put(new String[] {"/in/orderresponse/OVERLAPPED_" + i + ".xml", xml});
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    inFlight.release();
                }
                return null;
            }));
            if (work.size() > 10_000) {
                work.removeIf(Future::isDone);
            }
        }, r -> { });
        compute.shutdown();
        compute.awaitTermination(1, TimeUnit.HOURS);
        for (Future<?> f : work) {
            f.get(); // a mapping or validation failure fails the floor
        }
        for (int s = 0; s < SESSIONS; s++) {
            ready.put(END);
        }
        for (Thread u : uploaders) {
            u.join();
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        sessions.forEach(Session::disconnect);
        if (failed.get() != null) {
            throw new IllegalStateException("the overlapped floor failed", failed.get());
        }
        if (uploaded.get() != n) {
            throw new IllegalStateException("the overlapped floor uploaded " + uploaded.get() + " of " + n);
        }
        return seconds;
    }

    /** A plain JSch session to the simulator as the gateway's key, its host key checked. */
    static Session session(ClientSimulator client) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(client.workDir().resolve("keys/edigate_ed25519").toString());
        jsch.setKnownHosts(client.knownHosts().toString());
        Session session = jsch.getSession(ClientSimulator.USER, "127.0.0.1", client.sftp().port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        session.connect(15_000);
        return session;
    }
}
