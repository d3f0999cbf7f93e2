package io.openconnectors.camel.event;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one callback POST carries: the {@code message} object of the notification envelope.
 * <p>
 * Both consumers emit one exchange per notification with this as the body; the callback producer serialises it once
 * (see {@link NotificationJson}) and signs exactly those bytes.
 *
 * @param eventId      unique per notification, and the same on every delivery attempt of it
 * @param instanceId   the instance that produced the events
 * @param instanceName the instance's name
 * @param elementKey   the connector key of the instance
 * @param events       the changes, at most 10 for polling and 20 for webhooks
 * @param raw          the vendor's records (polling: {@code {"<resource>": [records]}}) or body (webhooks)
 */
public record EventNotification(
        String eventId, String instanceId, String instanceName, String elementKey, List<ChangeEvent> events,
        JsonNode raw) {

    public EventNotification {
        Objects.requireNonNull(eventId, "eventId");
        events = List.copyOf(events);
    }
}
