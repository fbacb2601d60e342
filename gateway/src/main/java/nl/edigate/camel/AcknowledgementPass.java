package nl.edigate.camel;

import java.util.function.Consumer;

import nl.edigate.report.AckTally;

/**
 * What the route acknowledgement-schedule calls in `serve`: one pass, as the nightly run makes it; a pass
 * that had something to tell (a file, a problem, a failure) is told to the listener serve sets (its journal).
 */
public final class AcknowledgementPass {
    private final GatewayRuntime runtime;
    private volatile Consumer<AckTally> listener = t -> { };

    AcknowledgementPass(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    public AckTally collect() {
        AckTally t = runtime.collectAcknowledgements();
        if (t.eventful()) {
            listener.accept(t);
        }
        return t;
    }

    /** Who is told of a scheduled pass that had something to tell. */
    void onEventful(Consumer<AckTally> l) {
        listener = l == null ? t -> { } : l;
    }
}
