package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.openconnectors.camel.store.NotificationHistory;
import io.openconnectors.camel.store.PeriodicRead;

/**
 * The store's backlog per instance (notifications not delivered yet), read at most every ten seconds however many
 * health checks ask: one grouped query for all instances rather than one per instance.
 */
public final class InstanceBacklogs {

    private final PeriodicRead<Map<String, Long>> counts;

    public InstanceBacklogs(NotificationHistory store, Clock clock) {
        this.counts = new PeriodicRead<>(() -> Map.copyOf(store.backlogByInstance()), Duration.ofSeconds(10), clock);
    }

    /**
     * @throws RuntimeException when the store did not answer (no figure rather than a stale one); that too is kept for
     *                          ten seconds, so that a store that is down is not asked by every check
     */
    public Map<String, Long> byInstance() {
        return counts.get();
    }

    /** What a health check says of a backlog over the bound. */
    public static String summary(String instanceId, long backlog, long bound) {
        return "instance " + instanceId + " has " + backlog + " notifications waiting for delivery, more than "
               + bound + " (backlogDownAbove)";
    }
}
