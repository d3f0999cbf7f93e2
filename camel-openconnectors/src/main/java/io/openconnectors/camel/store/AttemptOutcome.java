package io.openconnectors.camel.store;

import java.time.Instant;

/**
 * An attempt to record: the claimed delivery it belongs to, what happened, and where the notification goes next.
 *
 * @param next          {@link NotificationStatus#NOTIFIED}, {@link NotificationStatus#RETRY_SCHEDULED} or
 *                      {@link NotificationStatus#QUEUED}
 * @param nextAttemptAt when the retry is due, for {@code RETRY_SCHEDULED}
 */
public record AttemptOutcome(Delivery delivery, DeliveryAttempt attempt, NotificationStatus next, Instant nextAttemptAt) {
}
