package nl.edigate.acks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

import com.helger.diver.api.coord.DVRCoordinate;

import nl.edigate.delivery.Failure;
import nl.edigate.files.OwnerOnly;
import nl.edigate.ledger.Ledger;
import nl.edigate.report.AckTally;
import nl.edigate.text.Printable;
import nl.edigate.validation.PeppolValidator;
import nl.edigate.validation.SafeXml;

/**
 * One client's acknowledgement files, as its route {@code collect-acknowledgements-<client>} hands them
 * over in a {@link CollectionPass}: each recorded in the ledger and a copy kept locally before the route
 * deletes it on the server; one that is invalid or matches nothing is kept aside with a warning, never
 * dropped. A format of acknowledgement is a subclass that reads one file ({@link #record}).
 */
public abstract class AcknowledgementReader {
    private static final Logger LOG = LoggerFactory.getLogger(AcknowledgementReader.class);

    /** Who may acknowledge what over this channel: the client to us, about these document types. */
    public record Parties(String clientId, String clientGln, String supplierGln, Set<String> docTypes) {
    }

    protected final Ledger ledger;
    protected final Parties parties;
    private final Path keepDir;
    private volatile AckTally tally;

    protected AcknowledgementReader(Ledger ledger, Path keepDir, Parties parties) {
        this.ledger = ledger;
        this.keepDir = keepDir;
        this.parties = parties;
    }

    /** Called by the route for each file a poll finds. */
    public void receive(Exchange exchange) throws IOException {
        byte[] body = exchange.getIn().getBody(byte[].class);
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        record(name == null ? "unnamed" : name, body);
    }

    /**
     * Called by the route's error handling: the server could not be reached, or one file could not be
     * recorded (it stays on the server for the next pass). Either ends the pass: a file that cannot be
     * recorded would otherwise be picked up again at every poll.
     */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String file = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String reason = file == null ? Failure.classify(e).message()
                : file + " could not be recorded and stays on the server: " + (e == null ? "?" : e.getMessage());
        LOG.warn("acknowledgements: {}", reason);
        AckTally t = tally;
        if (t != null) {
            t.failed(reason);
        }
    }

    /** The tally the files of a pass count into ({@link CollectionPass}); null between passes. */
    void tally(AckTally t) {
        tally = t;
    }

    /** The tally of the pass in progress, or a throw-away one for a file fed directly, counted as collected. */
    protected AckTally collected() {
        AckTally t = tally != null ? tally : new AckTally();
        t.countCollected();
        return t;
    }

    /** Records one acknowledgement file; public so that tests and tools can feed files directly. */
    public abstract void record(String name, byte[] content) throws IOException;

    protected void keepUnmatched(String name, byte[] content, String ref, String code, String reasons, String why,
                                 AckTally t) throws IOException {
        Path kept = keep("unmatched", name, content);
        ledger.recordAck(name, "UNMATCHED", ref, null, code, why + (reasons == null ? "" : "; " + reasons),
                kept.toString(), null);
        t.countUnmatched();
        String problem = Printable.of(name) + ": " + why + "; kept at " + kept;
        t.problem(problem);
        LOG.warn("acknowledgement {}", problem);
    }

    protected void keepInvalid(String name, byte[] content, String reason, AckTally t) throws IOException {
        Path kept = keep("invalid", name, content);
        ledger.recordAck(name, "INVALID", null, null, null, reason, kept.toString(), null);
        t.countInvalid();
        t.problem(name + ": " + reason + "; kept at " + kept);
        LOG.warn("acknowledgement {} set aside: {}", name, reason);
    }

    /**
     * The acknowledgement as a DOM, parsed with external entities off and valid by the Peppol rules
     * {@code rules} (UBL XSD and Schematron); null when it is not, after it was kept aside as invalid with
     * the findings ({@code what} names the transaction in the reason).
     */
    protected Document parseValid(String name, byte[] content, DVRCoordinate rules, String what, AckTally t) throws IOException {
        String xml = new String(content, StandardCharsets.UTF_8);
        Document dom;
        try {
            dom = SafeXml.parse(xml);
        } catch (Exception e) {
            keepInvalid(name, content, "not well-formed XML, or it declares a DOCTYPE (refused: external"
                    + " entities are never resolved): " + e.getMessage(), t);
            return null;
        }
        List<PeppolValidator.Finding> findings = PeppolValidator.get().validate(rules, xml);
        if (!findings.isEmpty()) {
            List<String> texts = new ArrayList<>();
            findings.forEach(f -> texts.add(f.toString()));
            keepInvalid(name, content, "not a valid " + what + ": " + String.join("; ", texts), t);
            return null;
        }
        return dom;
    }

    /** A local copy under keepDir/kind/yyyy/MM/dd, never over an earlier file. */
    protected Path keep(String kind, String name, byte[] content) throws IOException {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > 200) {
            safe = safe.substring(0, 200);
        }
        Path folder = OwnerOnly.subdirectories(keepDir, kind + "/"
                + LocalDate.now().format(DateTimeFormatter.ofPattern("yyyy/MM/dd")));
        Path target = folder.resolve(safe);
        for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
            target = folder.resolve(safe + "." + i);
        }
        return OwnerOnly.write(target, content);
    }
}
