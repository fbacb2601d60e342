package nl.edigate.report;

import java.util.ArrayList;
import java.util.List;

/** What one collection pass of acknowledgements found. */
public final class AckTally {
    public int collected;
    public int accepted;
    public int received;
    public int rejected;
    public int unmatched;
    public int invalid;
    public final List<String> problems = new ArrayList<>();
    public String failure;
}
