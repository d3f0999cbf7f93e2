package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.openconnectors.camel.store.NotificationHistory;

/**
 * The store's backlog per instance (notifications not delivered yet), read at most every ten seconds however many
 * health checks ask: one grouped query for all instances rather than one per instance.
 */
public final class InstanceBacklogs {

    private static final Duration FRESHNESS = Duration.ofSeconds(10);

    private final NotificationHistory store;
    private final Clock clock;
    private Map<String, Long> counts = Map.of();
    private RuntimeException failure;
    private Instant readAt;

    public InstanceBacklogs(NotificationHistory store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * @throws RuntimeException when the store did not answer (no figure rather than a stale one); that too is kept for
     *                          ten seconds, so that a store that is down is not asked by every check
     */
    public synchronized Map<String, Long> byInstance() {
        Instant now = clock.instant();
        if (readAt == null || readAt.plus(FRESHNESS).isBefore(now)) {
            readAt = now;
            try {
                counts = Map.copyOf(store.backlogByInstance());
                failure = null;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return counts;
    }

    /** What a health check says of a backlog over the bound. */
    public static String summary(String instanceId, long backlog, long bound) {
        return "instance " + instanceId + " has " + backlog + " notifications waiting for delivery, more than "
               + bound + " (backlogDownAbove)";
    }
}
