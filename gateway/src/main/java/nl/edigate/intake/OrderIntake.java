package nl.edigate.intake;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.concurrent.DaemonThreads;
import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.orders.FormatException;
import nl.edigate.orders.Order;
import nl.edigate.orders.OrderResponseFormat;
import nl.edigate.orders.OrderResponseFormats;
import nl.edigate.report.RunReport;

/**
 * Takes every complete {@code orders_*.csv} from the inbox: checks each record, maps each order to an
 * Order Response, validates it as the client will, and stores it in the ledger, unless the same order
 * with the same content was stored before. The file is archived afterwards; an unreadable one is set
 * aside whole with its reason. Each order goes to the client whose GLN it carries, in that client's format.
 * <p>Over 300 lines: the parallel pipeline, the client assignment and the re-rendering of a stored order
 * for a resend share the preparation of one order.
 */
public final class OrderIntake {
    private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
    private static final Pattern NAME = Pattern.compile("orders_[0-9]{8}-[0-9]{6}\\.csv");

    private final GatewayConfig config;
    private final Ledger ledger;
    /** Each client's profile and format by the GLN its orders carry. */
    private final Map<String, Client> clients = new HashMap<>();
    private final ReadingRules rules;
    private final Clock clock;
    private final InboxFiles inbox;

    /** A client the orders go to, with the format it gets them in. */
    private record Client(ClientProfile profile, OrderResponseFormat format) {
    }

    public OrderIntake(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.inbox = new InboxFiles(config, ledger, clock);
        for (ClientProfile c : config.clients()) {
            if (c.takesOrders()) {
                clients.put(c.gln(), new Client(c, OrderResponseFormats.of(config.supplier(), c)));
            }
        }
        this.rules = ReadingRules.of(config.clients());
        this.clock = clock;
    }

    public void processInbox(long runId, RunReport report) throws IOException {
        processInbox(runId, report, null);
    }

    /**
     * As above, telling {@code deliverable} of each document of the night's last export as soon as it is
     * stored (client id, document key), so that it can be delivered while intake goes on. Only the last
     * export's: a document of an earlier one may still be superseded by a later export of the same night
     * (same order, newer content), and waits for the end of intake; nothing later in this run can
     * supersede one of the last.
     */
    public void processInbox(long runId, RunReport report, BiConsumer<String, Long> deliverable) throws IOException {
        RunReport.Section section = report.section(OrderFileReader.DOC_TYPE);
        List<Path> files = inbox.list("orders_", runId, OrderFileReader.DOC_TYPE, section);
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            BiConsumer<String, Long> early = i == files.size() - 1 ? deliverable : null;
            if (!NAME.matcher(file.getFileName().toString()).matches()) {
                inbox.setAsideOrReport(runId, file, "the name does not match orders_yyyyMMdd-HHmmss.csv", OrderFileReader.DOC_TYPE, section);
            } else if (inbox.isComplete(file, section)) {
                inbox.guard(runId, file, OrderFileReader.DOC_TYPE, section, () -> processFile(runId, file, section, early));
            }
        }
    }

    /** Orders mapped and validated at the same time; the ledger writes stay on the run's thread, in file order. */
    static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** New documents stored per ledger transaction. */
    static final int BATCH = 100;

    /** One file; whatever it throws, {@link InboxFiles#guard} sets it aside and the run goes on. */
    private void processFile(long runId, Path file, RunReport.Section section, BiConsumer<String, Long> deliverable)
            throws IOException, UnreadableFileException {
        String name = file.getFileName().toString();
        OrderFileReader reader = new OrderFileReader(rules, config.inboxCharset());
        OrderFileReader.Stats stats;
        try (Pipeline pipeline = new Pipeline(runId, section, deliverable)) {
            Set<String> nonAdjacent = reader.prescan(file);
            stats = reader.read(file, nonAdjacent, pipeline::submit, rejection -> {
                ledger.recordRejection(runId, rejection);
                section.reject(rejection);
            });
            pipeline.finish();
        }
        section.count(RunReport.Figure.FILES_READ);
        section.count(RunReport.Figure.RECORDS_READ, stats.rows);
        section.count(RunReport.Figure.ORDERS_READ, stats.orders);
        inbox.archive(runId, file);
        LOG.info("{}: {} records, {} orders, {} rejected; archived", name, stats.rows, stats.orders,
                stats.ordersRejected);
    }

    /**
     * Maps and validates orders on all cores while the reader goes on, and stores the results in the
     * order the file has them, {@link #BATCH} documents per transaction. A business key occurs once per
     * file (the reader rejects an order number that comes back later), so the work on one order never
     * depends on another of the same file. Everything is stored before the file is archived: a process
     * that stops half-way reads the file again, and what was stored is then skipped as unchanged.
     */
    private final class Pipeline implements AutoCloseable {
        private final long runId;
        private final RunReport.Section section;
        private final ExecutorService workers;
        private final ArrayDeque<Future<Prepared>> inFlight = new ArrayDeque<>();
        private final List<Ledger.NewDocument> batch = new ArrayList<>();
        /** Told of each document once it is committed; null when they wait for the end of intake. */
        private final BiConsumer<String, Long> deliverable;

        Pipeline(long runId, RunReport.Section section, BiConsumer<String, Long> deliverable) {
            this.runId = runId;
            this.section = section;
            this.deliverable = deliverable;
            this.workers = Executors.newFixedThreadPool(THREADS, DaemonThreads.named("edigate-intake"));
        }

        void submit(Order order) {
            Client client = clientOf(order, section);
            if (client == null) {
                return;
            }
            inFlight.add(workers.submit(() -> prepare(client, order)));
            while (inFlight.size() > 4 * THREADS) {
                record(next());
            }
        }

        void finish() {
            while (!inFlight.isEmpty()) {
                record(next());
            }
            flush();
        }

        private Prepared next() {
            try {
                return inFlight.poll().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during intake", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        private void record(Prepared p) {
            if (p.documentId() == null) {
                recordOutcome(runId, p, section);
                return;
            }
            Order o = p.order();
            p.warnings().forEach(w -> section.client(p.clientId()).warning(o.sourceFile() + " line " + o.firstLine()
                    + ", order " + o.businessKey() + ": " + w));
            batch.add(new Ledger.NewDocument(p.clientId(), OrderFileReader.DOC_TYPE, o.businessKey(),
                    p.hash(), p.documentId(), p.xml(), o.sourceFile(), o.firstLine(), runId, o.sourceRecord()));
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        private void flush() {
            List<Long> pks = ledger.insertDocuments(batch);
            for (int i = 0; i < batch.size(); i++) {
                section.client(batch.get(i).clientId()).count(RunReport.Figure.CREATED);
                if (deliverable != null) {
                    deliverable.accept(batch.get(i).clientId(), pks.get(i));
                }
            }
            batch.clear();
        }

        @Override
        public void close() {
            inFlight.forEach(f -> f.cancel(true));
            workers.shutdownNow();
        }
    }

    /**
     * One order made ready for the ledger: a document (id and payload), or the reason it is not stored
     * (unchanged since the last time, or a rejection).
     */
    record Prepared(String clientId, Order order, String hash, String documentId, String xml, boolean unchanged,
                    String rejection, List<String> warnings) {
        Prepared(String clientId, Order order, String hash, boolean unchanged, String rejection) {
            this(clientId, order, hash, null, null, unchanged, rejection, List.of());
        }
    }

    /** Everything about one order that does not write: safe on any thread. */
    private Prepared prepare(Client client, Order order) {
        String clientId = client.profile().id();
        String hash = order.contentHash();
        Optional<LedgerDocument> latest = ledger.latestForKey(clientId, OrderFileReader.DOC_TYPE, order.businessKey());
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            return new Prepared(clientId, order, hash, true, null);
        }
        String documentId = client.format().newDocumentId();
        String xml;
        try {
            xml = client.format().render(order, documentId, today());
        } catch (FormatException e) {
            return new Prepared(clientId, order, hash, false,
                    "the order response fails the client's validation, not sent: " + String.join("; ", e.problems()));
        } catch (RuntimeException | StackOverflowError e) {
            // one order that cannot be written must not stop the others
            LOG.debug("mapping {} failed", order.businessKey(), e);
            return new Prepared(clientId, order, hash, false,
                    "the order response could not be written: " + e.getMessage());
        }
        return new Prepared(clientId, order, hash, documentId, xml, false, null, client.format().warnings(order));
    }

    /** A skipped or rejected order, counted and recorded in its client's part of the report. */
    private void recordOutcome(long runId, Prepared p, RunReport.Section section) {
        RunReport.Section part = section.client(p.clientId());
        if (p.unchanged()) {
            part.count(RunReport.Figure.SKIPPED_UNCHANGED);
        } else {
            reject(runId, p.order(), p.rejection(), part);
        }
    }

    /**
     * The client an order belongs to, by the GLN it carries (erp-export.md: which client a record belongs
     * to); null for one of a client without a profile, which is counted by its GLN and left alone.
     */
    private Client clientOf(Order order, RunReport.Section section) {
        Client c = clients.get(order.clientGln());
        if (c == null) {
            section.otherClient(order.clientGln());
        }
        return c;
    }

    /** One order on its own: prepared and, when it makes a document, stored at once. */
    void take(long runId, Order order, RunReport.Section section) {
        Client client = clientOf(order, section);
        if (client == null) {
            return;
        }
        Prepared p = prepare(client, order);
        if (p.documentId() == null) {
            recordOutcome(runId, p, section);
            return;
        }
        ledger.insertDocument(p.clientId(), OrderFileReader.DOC_TYPE, order.businessKey(), p.hash(),
                p.documentId(), p.xml(), order.sourceFile(), order.firstLine(), runId, order.sourceRecord());
        section.client(p.clientId()).count(RunReport.Figure.CREATED);
    }

    /** A document made again from a stored source record: new id, today's mapping, validated again. */
    public record Rendered(String documentId, String payload, String contentHash, String sourceRecord) {
    }

    /** @throws IllegalArgumentException with the reasons when the stored record no longer makes a valid document */
    public Rendered rerender(LedgerDocument old) {
        if (old.sourceRecord() == null) {
            throw new IllegalArgumentException("no source record is stored for document " + old.documentId());
        }
        Client client = config.client(old.clientId()).map(c -> clients.get(c.gln())).orElseThrow(
                () -> new IllegalArgumentException("client " + old.clientId() + " of document " + old.documentId()
                        + " has no profile any more"));
        List<Rejection> problems = new ArrayList<>();
        Order order = new OrderFileReader(rules, config.inboxCharset())
                .assembleStored(SourceRecord.readRows(old.sourceRecord()), problems);
        if (order == null) {
            List<String> texts = new ArrayList<>();
            problems.forEach(r -> texts.add(r.toString()));
            throw new IllegalArgumentException("the stored order no longer passes the checks: " + String.join("; ", texts));
        }
        String documentId = client.format().newDocumentId();
        String xml;
        try {
            xml = client.format().render(order, documentId, today());
        } catch (FormatException e) {
            throw new IllegalArgumentException("the new document fails the client's validation: "
                    + String.join("; ", e.problems()));
        }
        return new Rendered(documentId, xml, order.contentHash(), order.sourceRecord());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneId.of("Europe/Amsterdam")));
    }

    private void reject(long runId, Order order, String reason, RunReport.Section section) {
        Rejection r = new Rejection(OrderFileReader.DOC_TYPE, order.sourceFile(), order.firstLine(), "(document)",
                reason, order.businessKey());
        ledger.recordRejection(runId, r);
        section.reject(r);
    }
}
