package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
    private final String eventTypeHeader;
    private final FieldPath eventTypeField;
    private final EventTypeMapping eventTypes;
    private final FieldPath dateField;
    private final DateFormatSpec dateFormat;
    private final Clock clock;

    /**
     * @param  config                   the options with the preset's values and the defaults filled in
     * @throws IllegalArgumentException naming the option when a path, the mapping or the date format is invalid
     */
    PayloadMapper(EventSource source, WebhookConfiguration config, Clock clock) {
        this.source = source;
        this.items = path("itemsField", config.getItemsField());
        this.objectId = path("objectIdField", config.getObjectIdField());
        this.objectType = config.getObjectType();
        this.objectTypeField = path("objectTypeField", config.getObjectTypeField());
        this.eventTypeHeader = config.getEventTypeHeader() == null ? null
                : config.getEventTypeHeader().trim().toLowerCase(Locale.ROOT);
        this.eventTypeField = path("eventTypeField", config.getEventTypeField());
        this.eventTypes = EventTypeMapping.parse(config.getEventTypeMapping());
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
        String headerEventName = eventTypeHeader == null ? null : headers.get(eventTypeHeader);
        for (JsonNode item : itemsOf(body)) {
            events.add(ChangeEvent.of(eventType(headerEventName, item), objectId(item, flaws), objectType(item), source.elementKey(),
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

    /** The vendor's event name, from the header, the item, or both joined by a dot (issues.opened), translated. */
    private EventType eventType(String headerEventName, JsonNode item) {
        String fromItem = text(eventTypeField, item);
        String name = headerEventName == null ? fromItem
                : fromItem == null ? headerEventName : headerEventName + "." + fromItem;
        return eventTypes.typeOf(name);
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
}
