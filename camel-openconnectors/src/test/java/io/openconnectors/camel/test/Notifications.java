package io.openconnectors.camel.test;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;

/** Notifications for tests that deliver them: what they carry does not matter, only their ids. */
public final class Notifications {

    private Notifications() {
    }

    /** One contact created, under these ids, without a raw body. */
    public static EventNotification contactCreated(String eventId, String instanceId) {
        return new EventNotification(eventId, instanceId, "CRM", "crm",
                List.of(ChangeEvent.of(EventType.CREATED, "c-1", "contacts", "crm", Instant.parse("2026-11-28T07:00:00Z"))),
                JsonNodeFactory.instance.objectNode());
    }
}
