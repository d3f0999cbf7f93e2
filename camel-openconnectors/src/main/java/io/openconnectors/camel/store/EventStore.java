package io.openconnectors.camel.store;

/**
 * The outbox and event history: every notification is stored before it is acknowledged (before a webhook is answered
 * 2xx, before a poll window moves), then delivered, retried and queued from here. Each user sees the part it needs:
 * {@link EventIngest} (consumers, the callback producer), {@link DeliveryLeases} (the dispatcher) and
 * {@link NotificationHistory} (the event log).
 */
public interface EventStore extends EventIngest, DeliveryLeases, NotificationHistory {
}
