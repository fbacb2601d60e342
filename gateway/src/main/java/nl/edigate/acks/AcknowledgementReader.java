package nl.edigate.acks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import com.helger.diver.api.coord.DVRCoordinate;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;

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

    /** The most an acknowledgement file may hold: an MLR or a CONTRL is a few KiB; a T111 is small too. */
    static final int MAX_FILE_BYTES = 10 * 1024 * 1024;

    /**
     * Called by the route for each file a poll finds (as a stream): read up to its limit; a larger file is
     * kept aside as invalid with its first part, and deleted on the server like any other.
     */
    public void receive(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        name = name == null ? "unnamed" : name;
        Object body = exchange.getIn().getBody();
        byte[] content;
        if (body instanceof InputStream in) {
            try (in) {
                content = in.readNBytes(MAX_FILE_BYTES + 1);
            }
        } else {
            content = exchange.getIn().getBody(byte[].class);
        }
        if (content != null && content.length > MAX_FILE_BYTES) {
            keepInvalid(name, Arrays.copyOf(content, 64 * 1024), "larger than " + MAX_FILE_BYTES / (1024 * 1024)
                    + " MiB, which no acknowledgement is: not read; its first 64 KiB kept", collected());
            return;
        }
        record(name, content);
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

    /** The ledger's acknowledgement columns (V3): a partner's value is made to fit before it reaches one. */
    protected static final int NAME_COLUMN = 255;
    protected static final int REF_COLUMN = 255;
    protected static final int CODE_COLUMN = 8;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A value from outside cut to fit a column of {@code max} characters, its length said where it was cut;
     * null for none.
     */
    protected static String fit(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        String mark = "...(" + value.length() + " characters)";
        return mark.length() >= max ? value.substring(0, max) : value.substring(0, max - mark.length()) + mark;
    }

    /**
     * The name a partner's file is recorded under: as it is, or, when longer than the column, cut and made
     * unique by a digest of the whole name (the same name always gives the same record, so that a file
     * recorded once is recognised when it comes again).
     */
    protected static String ledgerName(String name) {
        if (name.length() <= NAME_COLUMN) {
            return name;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return name.substring(0, 200) + "~" + HEX.formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a reference is no document's of ours, when it is too long to be one; null otherwise. */
    protected static String overlong(String what, String ref) {
        return ref != null && ref.length() > REF_COLUMN ? "its " + what + " is " + ref.length() + " characters long,"
                + " longer than any of ours (at most " + REF_COLUMN + ")" : null;
    }

    protected void keepUnmatched(String name, byte[] content, String ref, String code, String reasons, String why,
                                 AckTally t) throws IOException {
        Path kept = keep("unmatched", name, content);
        ledger.recordAck(ledgerName(name), "UNMATCHED", fit(ref, REF_COLUMN), null, fit(code, CODE_COLUMN),
                why + (reasons == null ? "" : "; " + reasons), kept.toString(), null);
        t.countUnmatched();
        String problem = Printable.of(name) + ": " + why + "; kept at " + kept;
        t.problem(problem);
        LOG.warn("acknowledgement {}", problem);
    }

    protected void keepInvalid(String name, byte[] content, String reason, AckTally t) throws IOException {
        Path kept = keep("invalid", name, content);
        ledger.recordAck(ledgerName(name), "INVALID", null, null, null, reason, kept.toString(), null);
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
