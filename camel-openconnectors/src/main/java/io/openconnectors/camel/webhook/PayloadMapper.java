package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapping options of a webhook endpoint as a {@link WebhookEventMapper}: where the items are, and where each
 * item keeps its id, object type, event name and date.
 * <p>
 * An item is never dropped: without an id its event has none, and a date that cannot be read gives way to the time
 * the webhook arrived; both are logged once per webhook, with a count, however many items are affected.
 */
final class PayloadMapper implements WebhookEventMapper {

    private static final Logger LOG = LoggerFactory.getLogger(PayloadMapper.class);

    private final EventSource source;
    private final FieldPath items;
    private final FieldPath objectId;
    private final String objectType;
    private final FieldPath objectTypeField;
    private final FieldPath eventTypeField;
    private final Map<String, EventType> eventTypes;
    private final FieldPath dateField;
    private final DateFormatSpec dateFormat;
    private final Clock clock;

    /**
     * @throws IllegalArgumentException naming the option when a path, the mapping or the date format is invalid
     */
    PayloadMapper(EventSource source, WebhookConfiguration config, Clock clock) {
        this.source = source;
        this.items = path("itemsField", config.getItemsField());
        this.objectId = path("objectIdField", config.getObjectIdField());
        this.objectType = config.getObjectType();
        this.objectTypeField = path("objectTypeField", config.getObjectTypeField());
        this.eventTypeField = path("eventTypeField", config.getEventTypeField());
        this.eventTypes = parseMapping(config.getEventTypeMapping());
        this.dateField = path("eventDateField", config.getEventDateField());
        try {
            this.dateFormat = DateFormatSpec.of(config.getEventDateFormat(), config.getEventDateTimezone());
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("eventDateFormat/eventDateTimezone", e.getMessage(), e);
        }
        this.clock = clock;
    }

    @Override
    public List<ChangeEvent> map(JsonNode body, Map<String, String> headers) {
        Instant received = clock.instant();
        Flaws flaws = new Flaws();
        List<ChangeEvent> events = new ArrayList<>();
        for (JsonNode item : itemsOf(body)) {
            events.add(ChangeEvent.of(eventType(item), objectId(item, flaws), objectType(item), source.elementKey(),
                    date(item, received, flaws)));
        }
        if (flaws.missingIds > 0) {
            LOG.warn("Webhook of instance '{}': {} of {} items have no objectIdField '{}'; their events have no objectId",
                    source.instanceId(), flaws.missingIds, events.size(), objectId);
        }
        if (flaws.badDates > 0) {
            LOG.warn("Webhook of instance '{}': {} of {} items have an eventDateField '{}' that cannot be read (the first, {}, {});"
                     + " their events carry the time the webhook arrived",
                    source.instanceId(), flaws.badDates, events.size(), dateField, flaws.firstBadDate, flaws.firstDateProblem);
        }
        return events;
    }

    /** What was wrong with the items of one webhook, to log once. */
    private static final class Flaws {
        private int missingIds;
        private int badDates;
        private String firstBadDate;
        private String firstDateProblem;
    }

    private Iterable<JsonNode> itemsOf(JsonNode body) {
        if (items == null) {
            return body.isArray() ? body : List.of(body);
        }
        JsonNode found = items.resolve(body);
        if (found == null) {
            LOG.warn("Webhook for instance '{}': itemsField '{}' is not in the body; no events", source.instanceId(), items);
            return List.of();
        }
        return found.isArray() ? found : List.of(found);
    }

    private String objectId(JsonNode item, Flaws flaws) {
        JsonNode id = objectId.resolve(item);
        if (id == null || !id.isValueNode()) {
            flaws.missingIds++;
            return null;
        }
        return id.asText();
    }

    private String objectType(JsonNode item) {
        String fromItem = text(objectTypeField, item);
        return fromItem != null ? fromItem : objectType;
    }

    private EventType eventType(JsonNode item) {
        String name = text(eventTypeField, item);
        if (name == null) {
            return EventType.UNKNOWN;
        }
        EventType mapped = eventTypes.get(name);
        if (mapped != null) {
            return mapped;
        }
        try {
            return EventType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unlisted) {
            return EventType.UNKNOWN;
        }
    }

    private Instant date(JsonNode item, Instant received, Flaws flaws) {
        if (dateField == null) {
            return received;
        }
        JsonNode value = dateField.resolve(item);
        if (value == null) {
            return received;
        }
        try {
            return dateFormat.parse(value);
        } catch (IllegalArgumentException e) {
            if (flaws.badDates++ == 0) {
                String shown = value.toString();
                flaws.firstBadDate = shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
                flaws.firstDateProblem = e.getMessage();
            }
            return received;
        }
    }

    private static String text(FieldPath path, JsonNode item) {
        if (path == null) {
            return null;
        }
        JsonNode value = path.resolve(item);
        return value == null || !value.isValueNode() ? null : value.asText();
    }

    private static FieldPath path(String option, String path) {
        if (path == null) {
            return null;
        }
        try {
            return FieldPath.parse(path);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException(option, e.getMessage(), e);
        }
    }

    /** {@code contact.created:CREATED,contact.deleted:DELETED}; the vendor name may itself hold colons. */
    static Map<String, EventType> parseMapping(String mapping) {
        Map<String, EventType> types = new HashMap<>();
        if (mapping == null || mapping.isBlank()) {
            return types;
        }
        for (String entry : mapping.split(",")) {
            int colon = entry.lastIndexOf(':');
            if (colon <= 0) {
                throw new InvalidOptionException("eventTypeMapping", "'" + entry.trim() + "' is not name:TYPE");
            }
            String type = entry.substring(colon + 1).trim();
            try {
                types.put(entry.substring(0, colon).trim(), EventType.valueOf(type.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("eventTypeMapping", "'" + type
                                                   + "' is not an event type: use CREATED, UPDATED, DELETED or UNKNOWN", e);
            }
        }
        return types;
    }
}
