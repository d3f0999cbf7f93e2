package io.openconnectors.camel.webhook;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Map.Entry;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.event.EventType;

/**
 * The eventTypeMapping option: vendor event names to event types, by exact name ({@code contact.created:CREATED}) or
 * by ending ({@code *.created:CREATED}, the longest ending first).
 */
final class EventTypeMapping {

    private final Map<String, EventType> exact;
    /** Endings, longest first. */
    private final List<Entry<String, EventType>> endings;

    private EventTypeMapping(Map<String, EventType> exact, List<Entry<String, EventType>> endings) {
        this.exact = exact;
        this.endings = endings;
    }

    /**
     * Parses {@code name:TYPE,...}; a vendor name may itself hold colons.
     *
     * @throws InvalidOptionException naming eventTypeMapping and the entry that is wrong
     */
    static EventTypeMapping parse(String mapping) {
        Map<String, EventType> exact = new HashMap<>();
        Map<String, EventType> endings = new HashMap<>();
        if (mapping != null && !mapping.isBlank()) {
            for (String entry : mapping.split(",")) {
                int colon = entry.lastIndexOf(':');
                if (colon <= 0) {
                    throw new InvalidOptionException("eventTypeMapping", "'" + entry.trim() + "' is not name:TYPE");
                }
                String name = entry.substring(0, colon).trim();
                EventType type = type(entry.substring(colon + 1).trim());
                if (name.startsWith("*")) {
                    endings.put(name.substring(1), type);
                } else {
                    exact.put(name, type);
                }
            }
        }
        return new EventTypeMapping(exact, endings.entrySet().stream()
                .sorted(Comparator.comparingInt((Entry<String, EventType> e) -> e.getKey().length()).reversed())
                .toList());
    }

    private static EventType type(String type) {
        try {
            return EventType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("eventTypeMapping", "'" + type
                                                                 + "' is not an event type: use CREATED, UPDATED, DELETED or UNKNOWN", e);
        }
    }

    /** The type of a vendor event name; {@code null} names UNKNOWN. */
    EventType typeOf(String name) {
        if (name == null) {
            return EventType.UNKNOWN;
        }
        EventType mapped = exact.get(name);
        if (mapped != null) {
            return mapped;
        }
        for (Entry<String, EventType> ending : endings) {
            if (name.endsWith(ending.getKey())) {
                return ending.getValue();
            }
        }
        try {
            return EventType.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unlisted) {
            return EventType.UNKNOWN;
        }
    }
}
