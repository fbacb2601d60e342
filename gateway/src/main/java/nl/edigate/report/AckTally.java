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
    /** Why passes ended early, one per source (a client's server, the access point). */
    private final List<String> failures = new ArrayList<>();

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
        failures.clear();
        failures.add(reason);
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

    /** Why the pass ended early, every source's reason joined; null when it did not. */
    public String failure() {
        return failures.isEmpty() ? null : String.join("; ", failures);
    }

    /** Why the pass ended early, one reason per source, each whole. */
    public List<String> failures() {
        return Collections.unmodifiableList(failures);
    }

    /** Whether the pass has anything to tell: a file collected, a problem, a failure. */
    public boolean eventful() {
        return collected > 0 || !failures.isEmpty() || !problems.isEmpty();
    }

    /** The pass on one line, as serve's journal shows a scheduled pass that had something to tell. */
    public String summary() {
        StringBuilder sb = new StringBuilder().append(collected).append(" collected (").append(accepted)
                .append(" accepted, ").append(received).append(" received, ").append(rejected).append(" rejected, ")
                .append(unmatched).append(" matching nothing, ").append(invalid).append(" invalid)");
        if (!problems.isEmpty()) {
            sb.append("; to look at: ").append(String.join("; ", problems));
        }
        if (!failures.isEmpty()) {
            sb.append("; COLLECTION FAILED: ").append(String.join("; ", failures));
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
        byClient.forEach((client, t) -> {
            all.collected += t.collected;
            all.accepted += t.accepted;
            all.received += t.received;
            all.rejected += t.rejected;
            all.unmatched += t.unmatched;
            all.invalid += t.invalid;
            t.problems.forEach(p -> all.problems.add(client + ": " + p));
            t.failures.forEach(f -> all.failures.add(client + ": " + f));
        });
        return all;
    }
}
