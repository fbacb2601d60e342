package nl.edigate.cli;

import java.time.Instant;

/** The one way times are shown to operators, on the command line and in the console. */
public final class MessagesCommandTime {
    private MessagesCommandTime() {
    }

    public static String format(Instant t) {
        return MessagesCommand.TIME.format(t);
    }
}
