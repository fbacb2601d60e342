package nl.edigate.acks;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import nl.edigate.report.AckTally;

/**
 * Which acknowledgement sources (a client's SFTP folder, the access point) failed in their last passes, since
 * when and why: kept by the passes, read by `serve`'s problem watch, so that collection that keeps failing is
 * an alert and a reason in /health, not only a warning in the log. A pass that succeeds forgets its source.
 */
public final class CollectionFailures {
    /** A source whose passes failed {@code passes} times in a row since {@code since}; the last reason. */
    public record Failing(String source, Instant since, Instant last, int passes, String reason) {
    }

    private final Clock clock;
    private final Map<String, Failing> failing = new TreeMap<>();

    public CollectionFailures(Clock clock) {
        this.clock = clock;
    }

    /** One pass over a source ended with this tally. */
    public synchronized void passed(String source, AckTally tally) {
        if (tally.failure() == null) {
            failing.remove(source);
            return;
        }
        Instant now = clock.instant();
        Failing before = failing.get(source);
        failing.put(source, new Failing(source, before == null ? now : before.since(), now,
                before == null ? 1 : before.passes() + 1, tally.failure()));
    }

    /** The sources failing now, by name. */
    public synchronized List<Failing> failing() {
        return List.copyOf(new ArrayList<>(failing.values()));
    }
}
