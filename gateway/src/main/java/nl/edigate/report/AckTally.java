package nl.edigate.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import nl.edigate.text.Printable;

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

    /** Whether the pass has anything to tell: a file collected, a problem, a failure. */
    public boolean eventful() {
        return collected > 0 || failure != null || !problems.isEmpty();
    }

    /** The pass on one line, as serve's journal shows a scheduled pass that had something to tell. */
    public String summary() {
        StringBuilder sb = new StringBuilder().append(collected).append(" collected (").append(accepted)
                .append(" accepted, ").append(received).append(" received, ").append(rejected).append(" rejected, ")
                .append(unmatched).append(" matching nothing, ").append(invalid).append(" invalid)");
        if (!problems.isEmpty()) {
            sb.append("; to look at: ").append(String.join("; ", problems));
        }
        if (failure != null) {
            sb.append("; COLLECTION FAILED: ").append(failure);
        }
        return Printable.of(sb.toString(), 2000);
    }

    /**
     * The tallies of several clients' passes as one: figures added up, problems and failures named by
     * client. One client's tally is returned as it is.
     */
    public static AckTally merge(java.util.Map<String, AckTally> byClient) {
        if (byClient.size() == 1) {
            return byClient.values().iterator().next();
        }
        AckTally all = new AckTally();
        List<String> failures = new ArrayList<>();
        byClient.forEach((client, t) -> {
            all.collected += t.collected;
            all.accepted += t.accepted;
            all.received += t.received;
            all.rejected += t.rejected;
            all.unmatched += t.unmatched;
            all.invalid += t.invalid;
            t.problems.forEach(p -> all.problems.add(client + ": " + p));
            if (t.failure != null) {
                failures.add(client + ": " + t.failure);
            }
        });
        all.failure = failures.isEmpty() ? null : String.join("; ", failures);
        return all;
    }
}
