package nl.edigate.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.ClientProfile;
import nl.edigate.config.GatewayConfig;
import nl.edigate.invoices.Invoice;
import nl.edigate.invoices.SiUblMapper;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;
import nl.edigate.validation.PeppolValidator;
import nl.edigate.validation.SiUblValidator;

/**
 * Takes every complete {@code invoices_*.csv} from the inbox (client-gemeente-interface.md, section 2):
 * each checked invoice goes to the profile whose invoice buyer it names ({@code klant_id_schema} and
 * {@code klant_id}), is written as SI-UBL 2.0, validated with the official rules (the UBL 2.1 XSD and the
 * SI-UBL 2.0 Schematron, as the access point does) and stored. An invoice number is sent once, for ever:
 * the same invoice again is skipped, and one that comes back changed after it left is rejected (an
 * invoice is corrected by a credit note). Invoices of buyers without a profile are counted and left alone.
 */
public final class InvoiceIntake {
    public static final String DOC_TYPE = InvoiceFileReader.DOC_TYPE;
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceIntake.class);
    private static final Pattern NAME = Pattern.compile("invoices_[0-9]{8}-[0-9]{6}\\.csv");

    private final GatewayConfig config;
    private final Ledger ledger;
    private final InboxFiles inbox;
    /** Each buyer's profile and mapper, by the participant id ({@code scheme:id}) its invoices carry. */
    private final Map<String, Buyer> buyers = new HashMap<>();

    private record Buyer(ClientProfile profile, SiUblMapper mapper) {
    }

    public InvoiceIntake(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.inbox = new InboxFiles(config, ledger, clock);
        for (ClientProfile c : config.clients()) {
            ClientProfile.InvoiceSettings inv = c.invoices();
            if (inv != null) {
                buyers.put(inv.participant(), new Buyer(c, new SiUblMapper(config.supplier(), config.supplier().iban(),
                        new SiUblMapper.Address(inv.street(), inv.postcode(), inv.city(), inv.country()))));
            }
        }
    }

    public void processInbox(long runId, RunReport report) throws IOException {
        RunReport.Section section = new RunReport.Section();
        List<Path> files = inbox.list("invoices_", runId, DOC_TYPE, section);
        if (files.isEmpty() && section.filesSetAside().isEmpty()) {
            return;
        }
        section = report.section(DOC_TYPE, section);
        for (Path file : files) {
            if (!NAME.matcher(file.getFileName().toString()).matches()) {
                inbox.setAsideOrReport(runId, file, "the name does not match invoices_yyyyMMdd-HHmmss.csv", DOC_TYPE, section);
            } else if (inbox.isComplete(file, section)) {
                RunReport.Section s = section;
                inbox.guard(runId, file, DOC_TYPE, section, () -> processFile(runId, file, s));
            }
        }
    }

    /** One file; whatever it throws, {@link InboxFiles#guard} sets it aside and the run goes on. */
    private void processFile(long runId, Path file, RunReport.Section section) throws IOException,
            UnreadableFileException {
        InvoiceFileReader reader = new InvoiceFileReader(config.inboxCharset());
        InvoiceFileReader.Stats stats = reader.read(file, reader.prescan(file), invoice -> take(runId, invoice, section),
                rejection -> {
                    ledger.recordRejection(runId, rejection);
                    section.reject(rejection);
                });
        section.count(RunReport.Figure.FILES_READ);
        section.count(RunReport.Figure.RECORDS_READ, stats.rows);
        section.count(RunReport.Figure.INVOICES_READ, stats.invoices);
        inbox.archive(runId, file);
        LOG.info("{}: {} records, {} invoices, {} rejected; archived", file.getFileName(), stats.rows, stats.invoices,
                stats.invoicesRejected);
    }

    /** One checked invoice: skipped, rejected or stored READY for its buyer. */
    void take(long runId, Invoice invoice, RunReport.Section section) {
        Buyer buyer = buyers.get(invoice.buyerParticipant());
        if (buyer == null) {
            section.otherClient(invoice.buyerParticipant());
            return;
        }
        String clientId = buyer.profile().id();
        RunReport.Section part = section.client(clientId);
        String hash = invoice.contentHash();
        // an invoice number is the supplier's, once for ever, whoever the buyer (the contract, section 2)
        Optional<LedgerDocument> other = ledger.latestForKeyOfAnyClient(DOC_TYPE, invoice.businessKey())
                .filter(d -> !d.clientId().equals(clientId));
        if (other.isPresent()) {
            LedgerDocument d = other.get();
            reject(runId, invoice, "invoice number " + invoice.number() + " is " + (left(d) ? "already sent to "
                    : "already taken for ") + d.clientId() + " (document " + d.documentId() + ", now " + d.status()
                    + "): an invoice number is used once, for ever, whoever the buyer; not sent to " + clientId, part);
            return;
        }
        Optional<LedgerDocument> latest = ledger.latestForKey(clientId, DOC_TYPE, invoice.businessKey());
        if (latest.isPresent() && latest.get().contentHash().equals(hash)) {
            part.count(RunReport.Figure.SKIPPED_UNCHANGED);
            return;
        }
        if (latest.isPresent() && left(latest.get())) {
            LedgerDocument sent = latest.get();
            reject(runId, invoice, "invoice " + invoice.number() + " was sent before (document " + sent.documentId()
                    + (sent.remoteName() == null ? "" : ", transmission " + sent.remoteName()) + ", now "
                    + sent.status() + ") and comes back changed: an invoice is sent once, for ever, and corrected by"
                    + " a credit note, never changed; not sent", part);
            return;
        }
        String xml;
        try {
            xml = render(buyer, invoice);
        } catch (IllegalArgumentException e) {
            LOG.debug("rendering invoice {} failed", invoice.number(), e);
            reject(runId, invoice, e.getMessage() + ", not sent", part);
            return;
        }
        ledger.insertDocument(clientId, DOC_TYPE, invoice.businessKey(), hash, newDocumentId(), xml,
                invoice.sourceFile(), invoice.firstLine(), runId, invoice.sourceRecord());
        part.count(RunReport.Figure.CREATED);
    }

    /**
     * An invoice made again from its stored rows (a resend with --rerender, after the data was fixed in
     * configuration: the buyer's address, the IBAN): checked, mapped and validated again, under a new
     * document id and so a new Idempotency-Key.
     * @throws IllegalArgumentException with the reasons when the stored rows no longer make a valid invoice
     */
    public OrderIntake.Rendered rerender(LedgerDocument old) {
        if (old.sourceRecord() == null) {
            throw new IllegalArgumentException("no source record is stored for document " + old.documentId());
        }
        Buyer buyer = buyers.values().stream().filter(b -> b.profile().id().equals(old.clientId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("client " + old.clientId() + " of document "
                        + old.documentId() + " receives no e-invoices any more"));
        List<Rejection> problems = new ArrayList<>();
        Invoice invoice = new InvoiceFileReader(config.inboxCharset())
                .assembleStored(SourceRecord.readRows(old.sourceRecord()), problems);
        if (invoice == null) {
            List<String> texts = new ArrayList<>();
            problems.forEach(r -> texts.add(r.toString()));
            throw new IllegalArgumentException("the stored invoice no longer passes the checks: " + String.join("; ", texts));
        }
        return new OrderIntake.Rendered(newDocumentId(), render(buyer, invoice), invoice.contentHash(),
                invoice.sourceRecord());
    }

    /**
     * The invoice as SI-UBL 2.0 for its buyer, valid by the official rules.
     * @throws IllegalArgumentException saying why it could not be written or which rules it fails
     */
    private static String render(Buyer buyer, Invoice invoice) {
        String xml;
        try {
            xml = buyer.mapper().toXml(invoice);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the e-invoice could not be written: " + e.getMessage(), e);
        }
        int bytes = xml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > InvoiceFileReader.MAX_DOCUMENT_BYTES) {
            // refused here, before it is validated or stored, not created and then failed at the access point
            throw new IllegalArgumentException("the e-invoice is " + bytes + " bytes as SI-UBL, more than the 10 MiB"
                    + " the access point takes");
        }
        List<PeppolValidator.Finding> findings = SiUblValidator.get().validate(invoice.kind() == Invoice.Kind.FACTUUR
                ? SiUblValidator.INVOICE : SiUblValidator.CREDIT_NOTE, xml);
        if (!findings.isEmpty()) {
            List<String> texts = new ArrayList<>();
            findings.forEach(f -> texts.add(f.toString()));
            throw new IllegalArgumentException("the e-invoice fails the SI-UBL 2.0 rules: " + String.join("; ", texts));
        }
        return xml;
    }

    /**
     * Whether an invoice's document has left the gateway: anything but waiting (READY) or failed before
     * the access point ever took it (no transmission id). SENDING counts as left: the AP may have it.
     */
    static boolean left(LedgerDocument d) {
        return !(d.status() == DocumentStatus.READY || d.status() == DocumentStatus.FAILED && d.remoteName() == null);
    }

    /** The Idempotency-Key of the document, unique for ever (the invoice number is the document's own id). */
    static String newDocumentId() {
        return "INV-" + UUID.randomUUID();
    }

    private void reject(long runId, Invoice invoice, String reason, RunReport.Section section) {
        Rejection r = new Rejection(DOC_TYPE, invoice.sourceFile(), invoice.firstLine(), "(document)", reason,
                invoice.businessKey());
        ledger.recordRejection(runId, r);
        section.reject(r);
    }
}
