package nl.edigate.intake;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.config.GatewayConfig;
import nl.edigate.ledger.Ledger;
import nl.edigate.run.RunReport;

/** The inbox: which files are complete, archiving them in dated folders, setting broken ones aside. */
public final class InboxFiles {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFiles.class);
    private static final DateTimeFormatter DAY_FOLDER = DateTimeFormatter.ofPattern("yyyy/MM/dd");

    private final GatewayConfig config;
    private final Ledger ledger;
    private final Clock clock;

    public InboxFiles(GatewayConfig config, Ledger ledger, Clock clock) {
        this.config = config;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** The regular files whose name starts with the prefix, oldest export (by name) first. */
    public List<Path> list(String prefix) throws IOException {
        Path inbox = config.inboxDir();
        if (!Files.isDirectory(inbox)) {
            throw new IOException("the inbox " + inbox + " does not exist");
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(inbox, prefix + "*")) {
            for (Path p : dir) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null); // the timestamp in the name orders the exports
        return files;
    }

    /** The ERP writes under the final name: a file is complete once it has stopped changing. */
    public boolean isComplete(Path file, RunReport.Section section) throws IOException {
        Instant modified = Files.getLastModifiedTime(file).toInstant();
        boolean complete = !modified.isAfter(clock.instant().minus(config.stableAfter()));
        if (!complete) {
            section.filesWaiting.add(file.getFileName() + " (changed less than " + config.stableAfter().toSeconds()
                    + " s ago)");
        }
        return complete;
    }

    public void archive(long runId, Path file) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        Path archived = moveToDatedFolder(file, config.archiveDir());
        ledger.recordFile(runId, name, size, "ARCHIVED", null, archived.toString());
    }

    /** Moves a file that cannot be read at all into the rejected folder, with its reason beside it. */
    public void setAside(long runId, Path file, String reason, String docType, RunReport.Section section)
            throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        Path target = moveToDatedFolder(file, config.rejectedDir());
        Files.writeString(target.resolveSibling(target.getFileName() + ".reason.txt"), reason + "\n");
        ledger.recordFile(runId, name, size, "SET_ASIDE", reason, target.toString());
        Rejection r = new Rejection(docType, name, 0, null, "file set aside: " + reason, null);
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
        } catch (AtomicMoveNotSupportedException e) {
            return Files.move(file, target);
        }
    }
}
