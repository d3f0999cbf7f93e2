package io.openconnectors.gateway;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.NotificationJson;
import io.openconnectors.camel.store.DeliveryAttempt;
import io.openconnectors.camel.store.NotificationRecord;

/**
 * A stored notification as the API shows it: its id, storage number, status, events and every delivery attempt.
 */
final class EventView {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventView() {
    }

    static ObjectNode of(NotificationRecord record) {
        ObjectNode view = JsonNodeFactory.instance.objectNode()
                .put("sequence", record.sequence())
                .put("eventId", record.eventId())
                .put("instanceId", record.instanceId())
                .put("status", record.status().name())
                .put("createdDate", record.createdAt().toString());
        if (record.nextAttemptAt() != null) {
            view.put("nextAttemptDate", record.nextAttemptAt().toString());
        }
        if (record.lastError() != null) {
            view.put("lastError", record.lastError());
        }
        EventNotification notification = NotificationJson.fromBytes(record.body());
        view.set("events", MAPPER.valueToTree(notification.events()));
        ArrayNode attempts = view.putArray("attempts");
        for (DeliveryAttempt attempt : record.attempts()) {
            ObjectNode entry = attempts.addObject().put("number", attempt.number()).put("date", attempt.at().toString())
                    .put("httpStatus", attempt.httpStatus()).put("durationMillis", attempt.durationMillis());
            if (attempt.error() != null) {
                entry.put("error", attempt.error());
            }
        }
        return view;
    }

    /** The notification as above, with the JSON body delivered (or to be delivered) to the callback. */
    static ObjectNode withBody(NotificationRecord record) {
        ObjectNode view = of(record);
        try {
            view.set("notification", MAPPER.readTree(record.body()));
        } catch (IOException e) {
            // stored by this gateway as JSON: only a damaged row gets here, and the rest of the view still helps (the
            // parser's message would quote the body)
            view.put("notification", "unreadable");
        }
        return view;
    }
}
