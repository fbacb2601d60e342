package nl.edigate.intake;

/** A file that cannot be read at all; it is set aside whole with this reason. */
public class UnreadableFileException extends Exception {
    public UnreadableFileException(String reason) {
        super(reason);
    }
}
