package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.Set;

/**
 * Which notifications the event log shows; every part is optional.
 *
 * @param instanceId     one instance's only, or {@code null} for all
 * @param statuses       in these statuses only; empty for any
 * @param createdFrom    stored at or after, or {@code null}
 * @param createdBefore  stored before, or {@code null}
 * @param beforeSequence older than this storage number (the next page of a newest-first list), or {@code null}
 */
public record HistoryFilter(String instanceId, Set<NotificationStatus> statuses, Instant createdFrom, Instant createdBefore,
                            Long beforeSequence) {

    public HistoryFilter {
        statuses = Set.copyOf(statuses);
    }
}
