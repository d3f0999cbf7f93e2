package io.openconnectors.camel.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.event.Sha256;

/**
 * Splits the events of one webhook into notifications of at most {@code max} events; every part repeats the vendor's
 * whole body in {@code raw}, as Open Connectors does.
 * <p>
 * Ids are derived from the vendor's delivery id and the part's position, so a vendor redelivering the same webhook
 * (after an answer that was not 2xx) produces the same {@code eventId}s: the store keeps it once and receivers can drop
 * duplicates. Without a delivery id, each request is a delivery of its own.
 */
final class WebhookNotifications {

    private WebhookNotifications() {
    }

    /**
     * @param deliveryId the vendor's id of this delivery, or {@code null} for none
     */
    static List<EventNotification> split(EventSource source, List<ChangeEvent> events, JsonNode raw, String deliveryId,
                                         int max) {
        byte[] delivery = Sha256.digest().digest(
                (deliveryId != null ? "vendor:" + deliveryId : "request:" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        List<EventNotification> parts = new ArrayList<>();
        for (int from = 0, part = 0; from < events.size(); from += max, part++) {
            List<ChangeEvent> slice = events.subList(from, Math.min(events.size(), from + max));
            parts.add(new EventNotification(eventId(source, delivery, part), source.instanceId(), source.instanceName(),
                    source.elementKey(), slice, raw));
        }
        return parts;
    }

    private static String eventId(EventSource source, byte[] delivery, int part) {
        byte[] instance = (source.instanceId() + '\u0000').getBytes(StandardCharsets.UTF_8);
        byte[] name = ByteBuffer.allocate(instance.length + delivery.length + Integer.BYTES)
                .put(instance).put(delivery).putInt(part).array();
        return UUID.nameUUIDFromBytes(name).toString();
    }
}
