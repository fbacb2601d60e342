package nl.edigate.acks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HexFormat;
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
import nl.edigate.ledger.LedgerException;
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
        } catch (LedgerException e) {
            // ours, not the AP's: what it sent could not be recorded (it stays there for the next pass)
            t.failed("an answer of the access point could not be recorded in the ledger: " + e.getMessage());
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
            String before = cursor;
            for (JsonNode item : items) {
                String next = item.path("cursor").asText(cursor);
                if (!AccessPoint.validId(next)) {
                    t.failed("the access point's inbound list gives a cursor that breaks its protocol ("
                            + Printable.of(String.valueOf(next), 60) + "): the pass stops here; ask the access point");
                    return;
                }
                cursor = next;
                take(item.path("id").asText(), t);
            }
            if (cursor == null || cursor.equals(before)) {
                // the same entries again after they were recorded and deleted: asking on would never end
                t.failed("the access point's inbound list did not move past cursor " + Printable.of(String.valueOf(
                        cursor), 60) + " after its entries were recorded and deleted: the pass stops here; ask the"
                        + " access point");
                return;
            }
        }
    }

    /**
     * One inbound document: recorded (unless it was before a delete failed), then deleted at the AP. Its id
     * is the AP's: one that breaks the protocol (too long, odd characters) is fetched, kept aside as unmatched
     * with the reason under a name made from its digest, and deleted, so that it never stops the next.
     */
    private void take(String id, AckTally t) throws Exception {
        boolean valid = AccessPoint.validId(id);
        String name = "invoice-response-" + (valid ? id : "sha256-" + digest(id)) + ".xml";
        if (!ledger.recorded(name)) {
            AccessPoint.Answer doc = ap.request("GET", "/api/v2/inbound/" + AccessPoint.encode(id), Map.of(), null);
            if (doc.status() != 200) {
                throw new IOException("the access point answered " + doc.status() + " to inbound document "
                        + Printable.of(id, 80));
            }
            byte[] body = doc.body() == null ? new byte[0] : doc.body().getBytes(StandardCharsets.UTF_8);
            if (valid) {
                responses.record(name, body);
            } else {
                responses.keepAside(name, body, "its id at the access point (" + Printable.of(id, 60) + ", "
                        + id.length() + " characters) breaks the access point's protocol", t);
            }
        }
        AccessPoint.Answer deleted = ap.request("DELETE", "/api/v2/inbound/" + AccessPoint.encode(id), Map.of(), null);
        if (deleted.status() / 100 != 2 && deleted.status() != 404) {
            // recorded; the next pass sees it again, finds it recorded and deletes it then
            LOG.warn("inbound document {} recorded but not deleted at the access point: {}", Printable.of(id, 80),
                    deleted.status());
        }
    }

    private static String digest(String id) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
