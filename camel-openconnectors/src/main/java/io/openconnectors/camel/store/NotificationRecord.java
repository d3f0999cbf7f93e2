package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored notification with its delivery history, as the event history shows it.
 *
 * @param sequence      storage order
 * @param nextAttemptAt when the next attempt is due, {@code null} when none is
 * @param body          the JSON bytes delivered
 * @param attempts      every attempt so far, oldest first
 */
public record NotificationRecord(
        long sequence, String eventId, String instanceId, String callbackName, NotificationStatus status, int eventCount,
        Instant createdAt, Instant nextAttemptAt, String lastError, byte[] body, List<DeliveryAttempt> attempts) {
}
