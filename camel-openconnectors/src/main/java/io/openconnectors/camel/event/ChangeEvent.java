package io.openconnectors.camel.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One change of one vendor record: an entry of the {@code events} array of a notification.
 *
 * @param eventType  what happened
 * @param objectId   the record's id, as the vendor writes it; {@code null} for a webhook item that carries none
 * @param objectType the resource name, e.g. {@code contacts}
 * @param elementKey the connector key of the instance
 * @param date       when it happened, ISO-8601 in UTC (e.g. {@code 2026-11-28T07:00:00Z})
 */
public record ChangeEvent(EventType eventType, String objectId, String objectType, String elementKey, String date) {

    public ChangeEvent {
        Objects.requireNonNull(eventType, "eventType");
    }

    public static ChangeEvent of(EventType type, String objectId, String objectType, String elementKey, Instant date) {
        return new ChangeEvent(type, objectId, objectType, elementKey, date == null ? null : date.toString());
    }
}
