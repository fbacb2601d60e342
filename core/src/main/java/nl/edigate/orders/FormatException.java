package nl.edigate.orders;

import java.util.List;

/** A document the client would refuse, with every problem found; nothing of it is stored or sent. */
public final class FormatException extends IllegalArgumentException {
    private final List<String> problems;

    public FormatException(String what, List<String> problems) {
        super(what + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
