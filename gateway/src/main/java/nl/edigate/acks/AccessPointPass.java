package nl.edigate.acks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import nl.edigate.delivery.AccessPoint;
import nl.edigate.delivery.Channel;
import nl.edigate.delivery.Failure;
import nl.edigate.ledger.DocumentFilter;
import nl.edigate.ledger.DocumentStatus;
import nl.edigate.ledger.Ledger;
import nl.edigate.ledger.LedgerDocument;
import nl.edigate.report.AckTally;
import nl.edigate.text.Printable;
import nl.edigate.text.Times;

/**
 * One pass over the access point (client-gemeente-interface.md, section 4): the status of every invoice
 * it holds QUEUED, until {@code SENT} (with the AS4 receipt; an answer from the buyer is then due within
 * n working days) or {@code FAILED} (final for that transmission: the invoice waits for an operator); then
 * the buyers' Invoice Responses, page by page after the cursor, each recorded before it is deleted at the
 * AP, so that a pass broken off anywhere loses nothing and records nothing twice.
 */
public final class AccessPointPass {
    private static final Logger LOG = LoggerFactory.getLogger(AccessPointPass.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    /** A page holds at most this many entries (the contract); a pass reads at most this many pages. */
    static final int MAX_PAGES = 10_000;

    private final AccessPoint ap;
    private final Ledger ledger;
    private final InvoiceResponses responses;

    public AccessPointPass(AccessPoint ap, Ledger ledger, InvoiceResponses responses) {
        this.ap = ap;
        this.ledger = ledger;
        this.responses = responses;
    }

    public InvoiceResponses responses() {
        return responses;
    }

    /** Statuses, then responses; one tally for both. Never throws: a failure ends the pass and is reported. */
    public synchronized AckTally run() {
        AckTally t = new AckTally();
        responses.tally(t);
        try {
            pollStatuses(t);
            collectResponses(t);
        } catch (Channel.DeliveryFailure e) {
            t.failed("the access point: " + e.failure().message());
        } catch (Exception e) {
            t.failed("the access point could not be reached: " + Failure.classify(e).message());
        } finally {
            responses.tally(null);
        }
        return t;
    }

    private void pollStatuses(AckTally t) throws Exception {
        List<Long> queued = ledger.findIds(DocumentFilter.all().withStatuses(EnumSet.of(DocumentStatus.QUEUED)));
        for (LedgerDocument d : ledger.headers(queued)) {
            String tid = d.remoteName();
            AccessPoint.Answer a = ap.request("GET", "/api/v2/outbound/" + AccessPoint.encode(tid), Map.of(), null);
            if (a.status() != 200) {
                t.problem("transmission " + tid + " of invoice " + d.businessKey() + ": the access point answered "
                        + a.status() + " to the status request");
                continue;
            }
            JsonNode s = JSON.readTree(a.body() == null ? "{}" : a.body());
            String status = s.path("status").asText("");
            if (status.equals("SENT")) {
                // the time the buyer's access point confirmed receipt, as the AP reports it (not our poll's)
                String reported = s.path("sentAt").asText(null);
                Instant at = instant(reported);
                if (reported == null || at == null) {
                    at = Instant.now();
                    t.problem("transmission " + tid + " of invoice " + d.businessKey() + ": the access point gave no"
                            + " valid sentAt with SENT (" + Printable.of(String.valueOf(reported), 60)
                            + "); recorded as sent when it was seen, " + Times.format(at));
                }
                String receipt = s.path("as4ReceiptId").asText(s.path("receiptId").asText(""));
                ledger.recordLifecycle(new Ledger.LifecycleStep("ap-status:" + tid, d.businessKey(), d.pk(), "SENT",
                        "delivered to the buyer's access point; AS4 receipt " + Printable.of(receipt) + " at " + at,
                        DocumentStatus.SENT, EnumSet.of(DocumentStatus.QUEUED), at,
                        plusWorkingDays(at, ap.settings().responseWithinWorkingDays()), null));
                LOG.info("invoice {} SENT over Peppol as transmission {} (AS4 receipt {})", d.businessKey(), tid, receipt);
            } else if (status.equals("FAILED")) {
                String reason = s.path("reason").asText("no reason given");
                ledger.recordLifecycle(new Ledger.LifecycleStep("ap-status:" + tid, d.businessKey(), d.pk(), "FAILED",
                        "the access point could not deliver transmission " + tid + ": " + Printable.of(reason),
                        DocumentStatus.FAILED, EnumSet.of(DocumentStatus.QUEUED), null, null, null));
                t.problem("invoice " + d.businessKey() + " (" + d.clientId() + "): transmission " + tid + " FAILED: "
                        + Printable.of(reason));
                LOG.warn("invoice {} FAILED at the access point: {}", d.businessKey(), reason);
            }
        }
    }

    private void collectResponses(AckTally t) throws Exception {
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String path = "/api/v2/inbound?documentType=invoice-response"
                    + (cursor == null ? "" : "&after=" + AccessPoint.encode(cursor));
            AccessPoint.Answer a = ap.request("GET", path, Map.of(), null);
            if (a.status() != 200) {
                t.failed("the access point answered " + a.status() + " to the inbound list");
                return;
            }
            JsonNode list = JSON.readTree(a.body() == null ? "[]" : a.body());
            JsonNode items = list.isArray() ? list : list.path("items");
            if (!items.isArray() || items.isEmpty()) {
                return;
            }
            for (JsonNode item : items) {
                String id = item.path("id").asText();
                cursor = item.path("cursor").asText(cursor);
                take(id);
            }
        }
    }

    /** One inbound document: recorded (unless it was before a delete failed), then deleted at the AP. */
    private void take(String id) throws Exception {
        String name = "invoice-response-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + ".xml";
        if (!ledger.recorded(name)) {
            AccessPoint.Answer doc = ap.request("GET", "/api/v2/inbound/" + AccessPoint.encode(id), Map.of(), null);
            if (doc.status() != 200) {
                throw new IOException("the access point answered " + doc.status() + " to inbound document " + id);
            }
            responses.record(name, doc.body() == null ? new byte[0] : doc.body().getBytes(StandardCharsets.UTF_8));
        }
        AccessPoint.Answer deleted = ap.request("DELETE", "/api/v2/inbound/" + AccessPoint.encode(id), Map.of(), null);
        if (deleted.status() / 100 != 2 && deleted.status() != 404) {
            // recorded; the next pass sees it again, finds it recorded and deletes it then
            LOG.warn("inbound document {} recorded but not deleted at the access point: {}", id, deleted.status());
        }
    }

    /** An ISO instant as the AP writes it; null when it is none. */
    private static Instant instant(String s) {
        if (s == null || s.isBlank() || s.length() > 40) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The instant n working days (Monday to Friday) after {@code from}, at the same time of day. */
    public static Instant plusWorkingDays(Instant from, int n) {
        ZonedDateTime t = from.atZone(ZONE);
        int added = 0;
        while (added < n) {
            t = t.plusDays(1);
            if (t.getDayOfWeek() != DayOfWeek.SATURDAY && t.getDayOfWeek() != DayOfWeek.SUNDAY) {
                added++;
            }
        }
        return t.toInstant();
    }
}
