package nl.edigate.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What one collection pass of acknowledgements found: figures that only count up, and what to look at. */
public final class AckTally {
    private int collected;
    private int accepted;
    private int received;
    private int rejected;
    private int unmatched;
    private int invalid;
    private final List<String> problems = new ArrayList<>();
    private String failure;

    public void countCollected() {
        collected++;
    }

    public void countAccepted() {
        accepted++;
    }

    public void countReceived() {
        received++;
    }

    public void countRejected() {
        rejected++;
    }

    public void countUnmatched() {
        unmatched++;
    }

    public void countInvalid() {
        invalid++;
    }

    public void problem(String text) {
        problems.add(text);
    }

    /** The pass ended early (the server could not be reached, a file could not be recorded). */
    public void failed(String reason) {
        failure = reason;
    }

    public int collected() {
        return collected;
    }

    public int accepted() {
        return accepted;
    }

    public int received() {
        return received;
    }

    public int rejected() {
        return rejected;
    }

    public int unmatched() {
        return unmatched;
    }

    public int invalid() {
        return invalid;
    }

    public List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    public String failure() {
        return failure;
    }
}
