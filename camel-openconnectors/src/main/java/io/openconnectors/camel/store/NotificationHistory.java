package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The store as the event log sees it: notifications with their attempts, read only. */
public interface NotificationHistory {
    Optional<NotificationRecord> find(String eventId);

    /** An instance's notifications with their attempts, newest first. */
    List<NotificationRecord> listByInstance(String instanceId, long offset, int limit);

    /** Notifications in the given statuses with their attempts, oldest first, optionally of one instance. */
    List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit);

    /** Notifications that pass the filter with their attempts, newest first. */
    List<NotificationRecord> search(HistoryFilter filter, int limit);

    /**
     * The outcomes of the attempts made from {@code from} on, per minute, optionally of one instance; minutes without
     * attempts are left out.
     */
    List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId);

    /** How many notifications are in each status: for health and metrics. */
    Map<NotificationStatus, Long> countByStatus();

    /** How many notifications of each instance are not delivered yet (stored, dispatched, retrying or queued). */
    Map<String, Long> backlogByInstance();
}
