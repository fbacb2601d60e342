package nl.edigate.camel;

import nl.edigate.report.AckTally;

/** What the route acknowledgement-schedule calls in `serve`: one pass, as the nightly run makes it. */
public final class AcknowledgementPass {
    private final GatewayRuntime runtime;

    AcknowledgementPass(GatewayRuntime runtime) {
        this.runtime = runtime;
    }

    public AckTally collect() {
        return runtime.collectAcknowledgements();
    }
}
