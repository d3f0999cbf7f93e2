package io.openconnectors.camel.event;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The wire form of a notification: {@code {"message": {...}}}, UTF-8 JSON.
 */
public final class NotificationJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Envelope(EventNotification message) {
    }

    private NotificationJson() {
    }

    /** The exact bytes a callback receives. */
    public static byte[] toBytes(EventNotification notification) {
        try {
            return MAPPER.writeValueAsBytes(new Envelope(notification));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialise notification " + notification.eventId(), e);
        }
    }

    /** Reads what {@link #toBytes} wrote, for receivers and tests. */
    public static EventNotification fromBytes(byte[] json) {
        try {
            Envelope envelope = MAPPER.readValue(json, Envelope.class);
            if (envelope.message() == null) {
                throw new IllegalArgumentException("Not a notification: the top-level 'message' object is missing");
            }
            return envelope.message();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a notification: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
