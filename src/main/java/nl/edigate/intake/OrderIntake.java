package nl.edigate.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.orders.Order;
import nl.edigate.orders.OrderResponseMapper;
import nl.edigate.run.RunReport;
import nl.edigate.validation.PeppolValidator;

/**
 * Takes every complete {@code orders_*.csv} from the inbox: checks each record, maps each order to an
 * Order Response, validates it as the client will, and stores it in the ledger, unless the same order
 * with the same content was stored before. The file is archived afterwards; an unreadable one is set
 * aside whole with its reason.
 */
public final class OrderIntake {
    private static final Logger LOG = LoggerFactory.getLogger(OrderIntake.class);
    private static final Pattern NAME = Pattern.compile("orders_[0-9]{8}-[0-9]{6}\\.csv");
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final GatewayConfig config;
    private final Ledger ledger;
    private final OrderResponseMapper mapper;
    private final PeppolValidator validator;
    private final Clock clock;

    public OrderIntake(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.mapper = new OrderResponseMapper(config.supplier(), config.client());
        this.validator = PeppolValidator.get();
        this.clock = clock;
    }

    public void processInbox(long runId, RunReport report) throws IOException {
        RunReport.Section section = report.section(OrderFileReader.DOC_TYPE);
        Path inbox = config.inboxDir();
        if (!Files.isDirectory(inbox)) {
            throw new IOException("the inbox " + inbox + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox, "orders_*")) {
            dir.forEach(files::add);
        }
        files.sort(null); // the timestamp in the name orders the exports
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (!Files.isRegularFile(file)) {
                continue;
            }
            if (!NAME.matcher(name).matches()) {
                setAside(runId, file, "the name does not match orders_yyyyMMdd-HHmmss.csv", section);
                continue;
            }
            if (!isComplete(file)) {
                section.filesWaiting.add(name + " (changed less than " + config.stableAfter().toSeconds() + " s ago)");
                continue;
            }
            processFile(runId, file, section);
        }
    }

    /** The ERP writes under the final name: a file is complete once it has stopped changing. */
    private boolean isComplete(Path file) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        return !modified.isAfter(clock.instant().minus(config.stableAfter()));
    }

    private void processFile(long runId, Path file, RunReport.Section section) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        OrderFileReader reader = new OrderFileReader(config.client(), config.inboxCharset());
        OrderFileReader.Stats stats;
        try {
            Set<String> nonAdjacent = reader.prescan(file);
            stats = reader.read(file, nonAdjacent, order -> take(runId, order, section), rejection -> {
                ledger.recordRejection(runId, rejection);
                section.rejections.add(rejection);
            });
        } catch (UnreadableFileException e) {
            setAside(runId, file, e.getMessage(), section);
            return;
        }
        section.filesRead++;
        section.recordsRead += stats.rows;
        section.ordersRead += stats.orders;
        section.recordsRejected += stats.rowsRejected;
        Path archived = moveToDatedFolder(file, config.archiveDir());
        ledger.recordFile(runId, name, size, "ARCHIVED", null, archived.toString());
        LOG.info("{}: {} records, {} orders, {} rejected; archived as {}", name, stats.rows, stats.orders,
                stats.ordersRejected, archived);
    }

    void take(long runId, Order order, RunReport.Section section) {
        String hash = contentHash(order);
        String clientId = config.client().id();
        Optional<LedgerDocument> latest = ledger.latestForKey(clientId, OrderFileReader.DOC_TYPE, order.businessKey());
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            section.skippedUnchanged++;
            return;
        }
        String documentId = UUID.randomUUID().toString();
        String xml;
        List<PeppolValidator.Finding> findings;
        try {
            xml = mapper.toXml(order, documentId, LocalDate.now(clock.withZone(ZoneId.of("Europe/Amsterdam"))));
            findings = validator.validate(PeppolValidator.ORDER_RESPONSE, xml);
        } catch (RuntimeException e) {
            // one order that cannot be written must not stop the others
            LOG.debug("mapping {} failed", order.businessKey(), e);
            reject(runId, order, "the order response could not be written: " + e.getMessage(), section);
            return;
        }
        if (!findings.isEmpty()) {
            List<String> texts = new ArrayList<>();
            findings.forEach(f -> texts.add(f.toString()));
            reject(runId, order, "the order response fails the client's validation, not sent: "
                    + String.join("; ", texts), section);
            return;
        }
        ledger.insertDocument(clientId, OrderFileReader.DOC_TYPE, order.businessKey(), hash, documentId, xml,
                order.sourceFile(), order.firstLine(), runId);
        section.created++;
    }

    private void reject(long runId, Order order, String reason, RunReport.Section section) {
        Rejection r = new Rejection(OrderFileReader.DOC_TYPE, order.sourceFile(), order.firstLine(), "(document)",
                reason, order.businessKey());
        ledger.recordRejection(runId, r);
        section.rejections.add(r);
        section.recordsRejected += order.lines().size();
    }

    /** SHA-256 over the business content of an order; where it came from does not count. */
    static String contentHash(Order o) {
        StringBuilder sb = new StringBuilder();
        sb.append(o.salesOrderNumber()).append('\u001f').append(o.orderDate()).append('\u001f')
                .append(o.clientOrderNumber()).append('\u001f').append(o.clientGln()).append('\u001f')
                .append(o.project()).append('\u001f').append(o.status()).append('\u001f').append(o.deliveryDate())
                .append('\u001f').append(o.address()).append('\u001e');
        for (Order.Line l : o.lines()) {
            sb.append(l.lineNumber()).append('\u001f').append(l.clientLineNumber()).append('\u001f').append(l.status())
                    .append('\u001f').append(l.itemCode()).append('\u001f').append(l.clientItemCode()).append('\u001f')
                    .append(l.gtin()).append('\u001f').append(l.description()).append('\u001f')
                    .append(l.quantity().stripTrailingZeros().toPlainString()).append('\u001f').append(l.unitCode())
                    .append('\u001f').append(l.price().stripTrailingZeros().toPlainString()).append('\u001f')
                    .append(l.vatPercent()).append('\u001e');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void setAside(long runId, Path file, String reason, RunReport.Section section) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        Path target = moveToDatedFolder(file, config.rejectedDir());
        Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"), reason + "\n");
        ledger.recordFile(runId, name, size, "SET_ASIDE", reason, target.toString());
        Rejection r = new Rejection(OrderFileReader.DOC_TYPE, name, 0, null, "file set aside: " + reason, null);
        ledger.recordRejection(runId, r);
        section.filesSetAside.add(name + ": " + reason + " (moved to " + target + ")");
        LOG.warn("{} set aside: {}", name, reason);
    }

    /** Moves a file into dir/yyyy/MM/dd, never over an earlier file of the same name. */
    private Path moveToDatedFolder(Path file, Path dir) throws IOException {
        Path folder = dir.resolve(LocalDate.now(clock.withZone(ZoneId.systemDefault())).format(DAY_FOLDER));
        Files.createDirectories(folder);
        String name = file.getFileName().toString();
        Path target = folder.resolve(name);
        for (int i = 1; Files.exists(target); i++) {
            target = folder.resolve(name + "." + i);
        }
        try {
            return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }
}
