package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification as handed to the store: serialised once, delivered as these exact bytes on every attempt.
 *
 * @param eventId    the notification's id ({@code Elements-Webhook-Id}); the store keeps one notification per id
 * @param instanceId the instance it belongs to
 * @param sender     the callback endpoint that delivers it (its name)
 * @param ordered    whether the instance's notifications must be delivered one at a time, in storage order
 * @param body       the JSON bytes
 * @param eventCount how many events it holds
 * @param createdAt  when it was stored
 */
public record StoredNotification(
        String eventId, String instanceId, String sender, boolean ordered, byte[] body, int eventCount, Instant createdAt) {

    public StoredNotification {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(body, "body");
    }
}
