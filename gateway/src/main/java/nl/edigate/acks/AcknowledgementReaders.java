package nl.edigate.acks;

import java.nio.file.Path;
import java.util.Map;

import nl.edigate.ledger.Ledger;

/**
 * The acknowledgement readers by the name a format gives its acknowledgement
 * ({@code OrderResponseFormat.acknowledgement()}): a new kind of acknowledgement is a reader class and
 * its line here.
 */
public final class AcknowledgementReaders {
    @FunctionalInterface
    private interface Maker {
        AcknowledgementReader make(Ledger ledger, Path keepDir, AcknowledgementReader.Parties parties);
    }

    private static final Map<String, Maker> READERS = Map.of(
            "peppol-mlr", Acknowledgements::new,
            "edifact-contrl", ContrlAcknowledgements::new);

    private AcknowledgementReaders() {
    }

    public static AcknowledgementReader of(String kind, Ledger ledger, Path keepDir, AcknowledgementReader.Parties parties) {
        Maker m = READERS.get(kind);
        if (m == null) {
            throw new IllegalArgumentException("no acknowledgement reader for '" + kind + "'");
        }
        return m.make(ledger, keepDir, parties);
    }
}
