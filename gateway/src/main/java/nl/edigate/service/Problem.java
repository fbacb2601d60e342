package nl.edigate.service;

/**
 * Something an operator has to know about, as `serve` sees it now. The key names the problem (one alert
 * per key until it is gone); the summary says what and which documents, never a payload or a secret.
 */
public record Problem(String key, String clientId, String kind, String summary) {
}
