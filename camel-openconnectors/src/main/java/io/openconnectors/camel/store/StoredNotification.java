package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification as handed to the store: serialised once, delivered as these exact bytes on every attempt.
 *
 * @param eventId    the notification's id ({@code Elements-Webhook-Id}); the store keeps one notification per id
 * @param instanceId the instance it belongs to
 * @param callbackName the name of the callback endpoint that delivers it
 * @param ordered    whether the instance's notifications must be delivered one at a time, in storage order
 * @param body       the JSON bytes
 * @param eventCount how many events it holds
 * @param createdAt  when it was stored
 * @param rawOffset  where the vendor's raw record starts in {@code body}
 * @param rawLength  how long it is; 0 when the body has none, or the caller does not say where it is. The parts of one
 *                   webhook repeat the same raw record: stored in one transaction, they keep it once
 * @param claimId    {@code null}: stored due now, for a dispatcher to claim. Else the claim of the dispatcher that
 *                   reserved room for it and delivers it once it is committed, without claiming it from the store; it
 *                   is stored dispatched under that claim, which another dispatcher takes over when its lease ends
 */
public record StoredNotification(
        String eventId, String instanceId, String callbackName, boolean ordered, byte[] body, int eventCount, Instant createdAt,
        int rawOffset, int rawLength, String claimId) {

    public StoredNotification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(callbackName, "callbackName");
        Objects.requireNonNull(body, "body");
        Objects.checkFromIndexSize(rawOffset, rawLength, body.length);
    }

    /** A notification whose body is stored as it is, due now. */
    public StoredNotification(String eventId, String instanceId, String callbackName, boolean ordered, byte[] body,
                              int eventCount, Instant createdAt) {
        this(eventId, instanceId, callbackName, ordered, body, eventCount, createdAt, 0, 0, null);
    }

    /** The same notification, to be stored under a dispatcher's claim. */
    public StoredNotification claimedBy(String claim) {
        return new StoredNotification(eventId, instanceId, callbackName, ordered, body, eventCount, createdAt, rawOffset,
                rawLength, claim);
    }

    /** What the dispatcher that claimed it at birth delivers, once it is committed. */
    public Delivery delivery() {
        return new Delivery(eventId, instanceId, callbackName, body, 0, claimId, createdAt);
    }
}
