package io.openconnectors.camel.poll;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.record.FieldPath;

/**
 * Decides whether a record is a change inside the window, and which one, as Open Connectors' poller did:
 * <ul>
 * <li>filtering by updated date (the default), a record is a change when its updated date is in the window; it is
 * CREATED when its created date equals the updated date within the tolerance, UPDATED when it was created earlier,
 * and UPDATED when no created date is configured;</li>
 * <li>filtering by created date, a record is a change (CREATED) when its created date is in the window.</li>
 * </ul>
 */
final class ChangeDetector {

    /** A record that is a change: what kind, its id, and the date that put it in the window. */
    record Change(EventType type, String id, Instant at) {
    }

    private final FieldPath idPath;
    private final DateField updated;
    private final DateField created;
    private final Duration tolerance;
    private final boolean filterByUpdatedDate;

    ChangeDetector(FieldPath idPath, DateField updated, DateField created, Duration tolerance, boolean filterByUpdatedDate) {
        if (filterByUpdatedDate ? updated == null : created == null) {
            throw new IllegalArgumentException(filterByUpdatedDate
                    ? "updatedDateField is required when filterByUpdatedDate is true"
                    : "createdDateField is required when filterByUpdatedDate is false");
        }
        this.idPath = idPath;
        this.updated = updated;
        this.created = created;
        this.tolerance = tolerance;
        this.filterByUpdatedDate = filterByUpdatedDate;
    }

    /**
     * @param  from                   the window start (inclusive)
     * @param  until                  the window end (inclusive), or {@code null} for none
     * @return                        the change, or {@code null} when the record's date is outside the window
     * @throws InvalidRecordException when the id or a configured date is missing or unreadable
     */
    Change classify(JsonNode record, Instant from, Instant until) throws InvalidRecordException {
        String id = readId(record);
        Instant createdAt = created == null ? null : created.read(record);
        if (!filterByUpdatedDate) {
            return inWindow(createdAt, from, until) ? new Change(EventType.CREATED, id, createdAt) : null;
        }
        Instant updatedAt = updated.read(record);
        if (!inWindow(updatedAt, from, until)) {
            return null;
        }
        return new Change(typeOf(createdAt, updatedAt), id, updatedAt);
    }

    private EventType typeOf(Instant createdAt, Instant updatedAt) {
        if (createdAt == null) {
            return EventType.UPDATED;
        }
        boolean createdEarlier = createdAt.isBefore(updatedAt.minus(tolerance));
        return createdEarlier ? EventType.UPDATED : EventType.CREATED;
    }

    private String readId(JsonNode record) throws InvalidRecordException {
        JsonNode id = idPath.resolve(record);
        if (id == null) {
            throw new InvalidRecordException("idField", idPath, null, "is missing");
        }
        if (!id.isValueNode() || id.asText().isEmpty()) {
            throw new InvalidRecordException("idField", idPath, id, "is not a usable id");
        }
        return id.asText();
    }

    private static boolean inWindow(Instant at, Instant from, Instant until) {
        return !at.isBefore(from) && (until == null || !at.isAfter(until));
    }
}
