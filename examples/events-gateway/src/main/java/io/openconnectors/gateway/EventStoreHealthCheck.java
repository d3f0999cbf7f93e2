package io.openconnectors.gateway;

import java.util.Locale;
import java.util.Map;

import io.openconnectors.camel.store.NotificationHistory;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The event store's health: DOWN when its database does not answer; the count of notifications in each status as
 * details (queued ones wait for someone to redeliver them).
 */
final class EventStoreHealthCheck extends AbstractHealthCheck {

    private final NotificationHistory store;

    EventStoreHealthCheck(NotificationHistory store) {
        super("openconnectors", "event-store");
        this.store = store;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            store.countByStatus().forEach((status, count) -> builder.detail(status.name().toLowerCase(Locale.ROOT), count));
            builder.up();
        } catch (RuntimeException e) {
            builder.message("the event store does not answer: " + e.getMessage()).down();
        }
    }
}
