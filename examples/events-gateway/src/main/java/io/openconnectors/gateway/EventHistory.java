package io.openconnectors.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.store.HistoryFilter;
import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.store.NotificationHistory;
import io.openconnectors.camel.store.NotificationRecord;
import io.openconnectors.camel.store.NotificationStatus;

/**
 * The event history, its log and outcomes per minute, and redelivery, over the event store: what the API's
 * {@code /events} calls do.
 */
final class EventHistory {

    static final int MAX_PAGE_SIZE = 100;

    private final NotificationHistory store;
    private final OpenConnectorsComponent component;
    private final InstanceService instances;
    private final LastHourOutcomes lastHour;

    EventHistory(NotificationHistory store, OpenConnectorsComponent component, InstanceService instances, Clock clock) {
        this.store = store;
        this.lastHour = new LastHourOutcomes(store, clock, Duration.ofMillis(component.getDeliveryLease()));
        this.component = component;
        this.instances = instances;
    }

    /**
     * An instance's notifications, newest first; {@code page} counts from 1. A deleted instance's are still listed
     * under its id (ids are never given again); an id with neither an instance nor notifications is not found.
     */
    List<NotificationRecord> list(String instanceId, String page, String pageSize) {
        int size = number("pageSize", pageSize, 50, 1, MAX_PAGE_SIZE);
        int number = number("page", page, 1, 1, Integer.MAX_VALUE);
        List<NotificationRecord> records = store.listByInstance(instanceId, (number - 1L) * size, size);
        if (records.isEmpty()) {
            requireKnown(instanceId);
        }
        return records;
    }

    NotificationRecord find(String eventId) {
        return store.find(eventId).orElseThrow(() -> ApiException.notFound("event " + eventId));
    }

    /** Notifications in the given statuses (default: queued and retry scheduled), oldest first. */
    List<NotificationRecord> byStatus(String statuses, String instanceId, String limit) {
        List<NotificationRecord> records = store.listByStatus(statuses(statuses), instanceId, number("limit", limit, 100, 1, 1000));
        if (instanceId != null && records.isEmpty()) {
            requireKnown(instanceId);
        }
        return records;
    }

    /**
     * The event log: notifications that pass the filters, newest first, {@code limit} (default 50) at a time, and
     * whether older ones follow. Every filter is optional: an instance id, statuses ({@code QUEUED,NOTIFIED}; any when
     * none), stored at or after {@code since} and before {@code until} (ISO instants), older than the storage number
     * {@code before} (the next page).
     */
    LogPage log(String instanceId, String statuses, String since, String until, String before, String limit) {
        int size = number("limit", limit, 50, 1, MAX_PAGE_SIZE);
        HistoryFilter filter = new HistoryFilter(blankToNull(instanceId),
                statuses == null || statuses.isBlank() ? Set.of() : statuses(statuses),
                instant("since", since), instant("until", until), sequence("before", before));
        List<NotificationRecord> records = store.search(filter, size + 1);
        if (records.isEmpty() && filter.instanceId() != null) {
            requireKnown(filter.instanceId());
        }
        boolean more = records.size() > size;
        return new LogPage(more ? records.subList(0, size) : records, more);
    }

    /** A page of the event log, and whether older notifications follow its last. */
    record LogPage(List<NotificationRecord> records, boolean more) {
    }

    /**
     * What the attempts of the last hour came to, minute by minute (60 minutes, the current one last, minutes without
     * attempts as zeros), of one instance or of all.
     */
    List<MinuteOutcomes> lastHour(String instanceId) {
        String id = blankToNull(instanceId);
        if (id != null) {
            requireKnown(id);
        }
        return lastHour.of(id);
    }

    /**
     * How many notifications of each instance are not delivered yet, read at most every ten seconds (as health reads
     * them); empty while the store does not answer, whose own health check says so.
     */
    Optional<Map<String, Long>> backlogs() {
        try {
            return Optional.of(component.instanceBacklogs().byInstance());
        } catch (RuntimeException storeDown) {
            return Optional.empty();
        }
    }

    /** Makes queued and retry-scheduled notifications due now, keeping their ids. */
    List<String> redeliver(String instanceId, String eventId) {
        if (instanceId != null) {
            instances.get(instanceId);
        }
        if (eventId != null) {
            NotificationRecord record = find(eventId);
            if (!record.status().isRedeliverable()) {
                throw new ApiException(409, "event " + eventId + " is " + record.status() + "; only "
                                            + NotificationStatus.REDELIVERABLE + " notifications are redelivered");
            }
        }
        return component.redeliver(instanceId, eventId);
    }

    /** An instance, or a deleted one that left notifications (ids are never given again); else not found. */
    private void requireKnown(String instanceId) {
        if (!instances.exists(instanceId) && store.listByInstance(instanceId, 0, 1).isEmpty()) {
            throw ApiException.notFound("instance " + instanceId);
        }
    }

    private static Set<NotificationStatus> statuses(String text) {
        if (text == null || text.isBlank()) {
            return NotificationStatus.REDELIVERABLE;
        }
        Set<NotificationStatus> statuses = EnumSet.noneOf(NotificationStatus.class);
        for (String name : text.split(",")) {
            try {
                statuses.add(NotificationStatus.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "status: '" + name.trim() + "' is not one of " + EnumSet.allOf(NotificationStatus.class));
            }
        }
        return statuses;
    }

    private static Instant instant(String name, String text) {
        String given = blankToNull(text);
        try {
            return given == null ? null : Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + ": '" + text + "' is not a date and time such as 2026-12-06T10:00:00Z");
        }
    }

    private static Long sequence(String name, String text) {
        String given = blankToNull(text);
        try {
            return given == null ? null : Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + ": '" + text + "' is not a storage number (the log's \"next\")");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static int number(String name, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                throw new ApiException(400, name + ": " + value + " is not between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + ": '" + text + "' is not a whole number");
        }
    }
}
