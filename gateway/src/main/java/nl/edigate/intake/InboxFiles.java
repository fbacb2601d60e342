package nl.edigate.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.files.OwnerOnly;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerException;
import nl.edigate.model.Rejection;
import nl.edigate.report.RunReport;
import nl.edigate.text.Printable;

/**
 * The inbox: which files are complete, archiving them in dated folders, setting broken ones aside.
 * Only regular files are read; a symbolic link, a folder or a device named like an export is set aside
 * as itself and never followed. Archive and rejected folders are owner-only.
 */
public final class InboxFiles {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");
    /** The longest file name (in bytes) of the usual Linux file systems. */
    private static final int MAX_NAME_BYTES = 255;
    private static final String REASON_SUFFIX = ".reason.txt";

    private final GatewayConfig config;
    private final Ledger ledger;
    private final Clock clock;

    public InboxFiles(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The work on one file; whatever it throws is that file's problem, not the run's. */
    @FunctionalInterface
    public interface FileWork {
        void run() throws Exception;
    }

    /**
     * The regular files whose name starts with the prefix, oldest export (by name) first. Anything else
     * with such a name (a link, a folder, a device) is set aside at once as itself.
     */
    public List<Path> list(String prefix, long runId, String docType, RunReport.Section section) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : entries(prefix + "*")) {
            String odd = oddity(p);
            if (odd == null) {
                files.add(p);
            } else {
                setAside(runId, p, odd, docType, section);
            }
        }
        files.sort(null); // the timestamp in the name orders the exports
        return files;
    }

    /** What is in the inbox under none of the export names: reported by name, left where it is. */
    public List<String> ignored(List<String> prefixes) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path p : entries("*")) {
            String name = p.getFileName().toString();
            if (prefixes.stream().noneMatch(name::startsWith)) {
                names.add(Printable.of(name) + (oddity(p) == null ? "" : " (" + oddity(p) + ")"));
            }
        }
        names.sort(null);
        return names;
    }

    private List<Path> entries(String glob) throws IOException {
        Path inbox = config.inboxDir();
        if (!Files.isDirectory(inbox)) {
            throw new IOException("the inbox " + inbox + " does not exist");
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox, glob)) {
            dir.forEach(out::add);
        }
        return out;
    }

    /** Null for a regular file that is not a link; otherwise what it is, as the reason to set it aside. */
    static String oddity(Path p) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isSymbolicLink()) {
            return "a symbolic link, not a file (never followed)";
        }
        if (a.isDirectory()) {
            return "a folder, not a file";
        }
        if (!a.isRegularFile()) {
            return "not a regular file (a device, pipe or socket)";
        }
        return null;
    }

    /**
     * Runs the work on one file. Whatever it throws, short of the JVM itself failing, sets that file
     * aside with the reason and returns false: no single file may stop a run. A ledger that cannot be
     * written is not the file's fault: that stops the run, and the file stays for the next one.
     */
    public boolean guard(long runId, Path file, String docType, RunReport.Section section, FileWork work) {
        try {
            work.run();
            return true;
        } catch (UnreadableFileException e) {
            setAsideOrReport(runId, file, e.getMessage(), docType, section);
        } catch (LedgerException e) {
            throw e;
        } catch (VirtualMachineError e) {
            if (!(e instanceof OutOfMemoryError) && !(e instanceof StackOverflowError)) {
                throw e;
            }
            // what the file made us allocate is garbage now; the run goes on
            LOG.warn("{}: {} while processing it", Printable.of(file.getFileName().toString()), e.toString());
            setAsideOrReport(runId, file, "the gateway could not process it (" + e.getClass().getSimpleName()
                    + "); look for an enormous value in it", docType, section);
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("processing {} failed", file, e);
            setAsideOrReport(runId, file, "not readable: " + e.getMessage(), docType, section);
        }
        return false;
    }

    /** Sets a file aside; when even that fails (a broken rejected folder), says so in the report and goes on. */
    public void setAsideOrReport(long runId, Path file, String reason, String docType, RunReport.Section section) {
        try {
            setAside(runId, file, reason, docType, section);
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerException le) {
                throw le;
            }
            String name = Printable.of(file.getFileName().toString());
            section.setAside(name + ": " + Printable.of(reason) + " (COULD NOT BE MOVED, left in the inbox: "
                    + Printable.of(e.getMessage()) + ")");
            LOG.warn("{} could not be set aside: {}", name, Printable.of(e.getMessage()));
        }
    }

    /** The ERP writes under the final name: a file is complete once it has stopped changing. */
    public boolean isComplete(Path file, RunReport.Section section) throws IOException {
        Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        boolean complete = !modified.isAfter(clock.instant().minus(config.stableAfter()));
        if (!complete) {
            section.waiting(Printable.of(file.getFileName().toString()) + " (changed less than "
                    + config.stableAfter().toSeconds() + " s ago)");
        }
        return complete;
    }

    /**
     * Today's archive and rejected folders exist and are folders of their own, no symbolic link on the way:
     * checked before any file is taken in, so that a folder planted as a link stops the intake before it
     * starts (every file stays in the inbox for the next run), not halfway through a file.
     * @throws IOException naming the folder
     */
    public void checkFolders() throws IOException {
        String day = LocalDate.now(clock).format(DAY_FOLDER);
        for (Map.Entry<String, Path> f : Map.of("inbox.archive-dir", config.archiveDir(), "inbox.rejected-dir",
                config.rejectedDir()).entrySet()) {
            try {
                OwnerOnly.subdirectories(f.getValue(), day);
            } catch (IOException e) {
                throw new IOException(f.getKey() + " " + f.getValue() + ": today's folder cannot be used ("
                        + e.getMessage() + "); nothing is taken in until it is a folder again", e);
            }
        }
    }

    public void archive(long runId, Path file) throws IOException {
        String name = file.getFileName().toString();
        long size = size(file);
        Path archived = moveToDatedFolder(file, config.archiveDir());
        ledger.recordFile(runId, name, size, "ARCHIVED", null, archived.toString());
    }

    /** Moves a file that cannot be read at all into the rejected folder, with its reason beside it. */
    public void setAside(long runId, Path file, String reason, String docType, RunReport.Section section)
            throws IOException {
        String name = file.getFileName().toString();
        String shown = Printable.of(name);
        String why = Printable.of(reason);
        long size = size(file);
        Path target = moveToDatedFolder(file, config.rejectedDir());
        Path reasonFile = target.resolveSibling(fit(target.getFileName().toString(), REASON_SUFFIX));
        for (int i = 1; Files.exists(reasonFile, LinkOption.NOFOLLOW_LINKS); i++) {
            reasonFile = target.resolveSibling(fit(target.getFileName().toString(), "." + i + REASON_SUFFIX));
        }
        OwnerOnly.writeString(reasonFile, "file: " + shown + "\nreason: " + why + "\n");
        ledger.recordFile(runId, name, size, "SET_ASIDE", reason, target.toString());
        Rejection r = new Rejection(docType, name, 0, null, "file set aside: " + reason, null);
        ledger.recordRejection(runId, r);
        section.setAside(shown + ": " + why + " (moved to " + Printable.of(target.toString()) + ")");
        LOG.warn("{} set aside: {}", shown, why);
    }

    private static long size(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
    }

    /**
     * Moves a file (or a link, folder or device: as itself) into dir/yyyy/MM/dd, never over an earlier
     * file of the same name, under a name the file system accepts.
     */
    private Path moveToDatedFolder(Path file, Path dir) throws IOException {
        String day = LocalDate.now(clock).format(DAY_FOLDER);
        Path folder = OwnerOnly.subdirectories(dir, day);
        String name = file.getFileName().toString();
        Path target = folder.resolve(fit(name, ""));
        for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
            target = folder.resolve(fit(name, "." + i));
        }
        Path moved;
        try {
            moved = Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            moved = Files.move(file, target, LinkOption.NOFOLLOW_LINKS);
        }
        OwnerOnly.restrictFile(moved);
        return moved;
    }

    /**
     * The name with the suffix, shortened when together they would be longer than a file name may be:
     * the start of the name, a hash of the whole name (so that two long names stay apart), the suffix.
     */
    static String fit(String name, String suffix) {
        if ((name + suffix).getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return name + suffix;
        }
        String hash = "~" + sha256(name).substring(0, 12);
        int budget = MAX_NAME_BYTES - (hash + suffix).getBytes(StandardCharsets.UTF_8).length;
        StringBuilder head = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > budget) {
                break;
            }
            head.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return head + hash + suffix;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
