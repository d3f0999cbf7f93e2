package io.openconnectors.camel.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;

/**
 * Splits the events of one webhook into notifications of at most {@code max} events; every part repeats the vendor's
 * whole body in {@code raw}, as Open Connectors does.
 * <p>
 * Ids are derived from the body and the part's position, so a vendor redelivering the same webhook (after an answer
 * that was not 2xx) produces the same {@code eventId}s, and receivers can drop the duplicates.
 */
final class WebhookNotifications {

    private WebhookNotifications() {
    }

    static List<EventNotification> split(EventSource source, List<ChangeEvent> events, JsonNode raw, byte[] body, int max) {
        byte[] bodyHash = sha256(body);
        List<EventNotification> parts = new ArrayList<>();
        for (int from = 0, part = 0; from < events.size(); from += max, part++) {
            List<ChangeEvent> slice = events.subList(from, Math.min(events.size(), from + max));
            parts.add(new EventNotification(eventId(source, bodyHash, part), source.instanceId(), source.instanceName(),
                    source.elementKey(), slice, raw));
        }
        return parts;
    }

    private static String eventId(EventSource source, byte[] bodyHash, int part) {
        byte[] instance = (source.instanceId() + '\u0000').getBytes(StandardCharsets.UTF_8);
        byte[] name = ByteBuffer.allocate(instance.length + bodyHash.length + Integer.BYTES)
                .put(instance).put(bodyHash).putInt(part).array();
        return UUID.nameUUIDFromBytes(name).toString();
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
