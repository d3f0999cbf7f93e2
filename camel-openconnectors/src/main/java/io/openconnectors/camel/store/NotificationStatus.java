package io.openconnectors.camel.store;

/**
 * Where a stored notification is on its way to the callback: stored → dispatched → notified, or after a failed attempt
 * retry scheduled → dispatched → ..., and queued once every retry failed (or the callback answered 410 Gone).
 */
public enum NotificationStatus {
    /** Stored, due for delivery. */
    STORED,
    /** Claimed by a dispatcher, being delivered. */
    DISPATCHED,
    /** The callback answered 2xx. */
    NOTIFIED,
    /** An attempt failed; the next one is due at the scheduled time. */
    RETRY_SCHEDULED,
    /** Every retry failed, or the callback is gone: kept until someone redelivers it. */
    QUEUED
}
