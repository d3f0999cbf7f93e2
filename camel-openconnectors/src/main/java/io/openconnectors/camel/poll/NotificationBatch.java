package io.openconnectors.camel.poll;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventSource;

/**
 * Gathers the changes of one poll into notifications of at most {@code max} events, each carrying its own records in
 * {@code raw: {"<resource>": [...]}}.
 * <p>
 * A notification's id is derived from the changes it holds, so reading the same window again after a failure gives
 * the same {@code eventId} and receivers can drop the duplicate.
 */
final class NotificationBatch {

    private final EventSource source;
    private final String resource;
    private final int max;

    private final List<ChangeEvent> events = new ArrayList<>();
    private final List<JsonNode> records = new ArrayList<>();
    private final ByteBuffer keys;

    NotificationBatch(EventSource source, String resource, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxEventsPerNotification must be at least 1, not " + max);
        }
        this.source = source;
        this.resource = resource;
        this.max = max;
        this.keys = ByteBuffer.allocate(max * Long.BYTES);
    }

    /** Adds a change; {@code true} when the batch is now full. */
    boolean add(ChangeEvent event, JsonNode record, long key) {
        events.add(event);
        records.add(record);
        keys.putLong(key);
        return events.size() >= max;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** The notification of what was added since the last drain; the batch is empty afterwards. */
    EventNotification drain() {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        ArrayNode list = raw.putArray(resource);
        records.forEach(list::add);
        byte[] identity = (source.instanceId() + '\u0000' + resource + '\u0000').getBytes(StandardCharsets.UTF_8);
        byte[] all = ByteBuffer.allocate(identity.length + keys.position()).put(identity).put(keys.array(), 0, keys.position())
                .array();
        EventNotification notification = new EventNotification(
                UUID.nameUUIDFromBytes(all).toString(), source.instanceId(), source.instanceName(), source.elementKey(),
                events, raw);
        events.clear();
        records.clear();
        keys.clear();
        return notification;
    }
}
