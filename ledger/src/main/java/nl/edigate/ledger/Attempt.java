package nl.edigate.ledger;

import java.time.Instant;

/** One delivery attempt of a document. */
public record Attempt(long id, long documentPk, int attemptNo, String channel, Instant startedAt, Instant finishedAt,
                      String outcome, String error) {
}
