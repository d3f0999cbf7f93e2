package io.openconnectors.camel.store;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

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
    QUEUED;

    /** The statuses a redelivery makes due again: waiting for a retry, or given up on. */
    public static final Set<NotificationStatus> REDELIVERABLE
            = Collections.unmodifiableSet(EnumSet.of(RETRY_SCHEDULED, QUEUED));

    public boolean isRedeliverable() {
        return REDELIVERABLE.contains(this);
    }

    /** {@code IN (...)} over the given statuses, for SQL: enum names only, so never caller text. */
    static String sqlList(Set<NotificationStatus> statuses) {
        return statuses.stream().map(status -> "'" + status.name() + "'").collect(Collectors.joining(",", "(", ")"));
    }
}
