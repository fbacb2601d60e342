package nl.edigate.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files that only the gateway's own user may read: ERP data, acknowledgements and the
 * ledger must not follow the umask (022 would make them readable by every local user). Folders are
 * never followed through a symbolic link: a link planted where a folder should be is refused.
 */
public final class OwnerOnly {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates the folder and any missing parents owner-only; refuses one that is a symbolic link. */
    public static Path directories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Path missing = absolute;
        while (missing != null && !Files.exists(missing, LinkOption.NOFOLLOW_LINKS)) {
            missing = missing.getParent();
        }
        Files.createDirectories(absolute);
        if (Files.isSymbolicLink(absolute) || !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a folder (a symbolic link or a file stands there)");
        }
        // only what we created here is tightened; an existing parent (/var, the home folder) is not ours
        for (Path p = absolute; p != null && !p.equals(missing); p = p.getParent()) {
            restrictDirectory(p);
        }
        return dir;
    }

    /** A folder below a root of ours (yyyy/MM/dd in the archive): every level checked not to be a link. */
    public static Path subdirectories(Path root, String relative) throws IOException {
        directories(root);
        Path p = root;
        for (Path part : Path.of(relative)) {
            p = p.resolve(part.toString());
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(p);
                } catch (FileAlreadyExistsException raced) {
                    // another thread made it: checked below like any existing one
                }
                restrictDirectory(p);
            }
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(p + " is not a folder (a symbolic link or a file stands there)");
            }
        }
        return p;
    }

    public static void restrictDirectory(Path dir) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(dir, DIR);
        }
    }

    /** Makes a file that is already there owner-only (never through a link). */
    public static void restrictFile(Path file) throws IOException {
        if (POSIX && !Files.isSymbolicLink(file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }

    /** Writes a new file that is owner-only from its first byte. */
    public static Path write(Path file, byte[] content) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else {
            Files.createFile(file);
        }
        return Files.write(file, content, LinkOption.NOFOLLOW_LINKS);
    }

    public static Path writeString(Path file, String content) throws IOException {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }
}
