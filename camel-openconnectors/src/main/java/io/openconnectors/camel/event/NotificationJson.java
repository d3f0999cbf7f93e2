package io.openconnectors.camel.event;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

    /** Between the message's other fields and its raw record, which is its last field. */
    private static final byte[] RAW_FIELD = ",\"raw\":".getBytes(StandardCharsets.UTF_8);
    /** What ends the envelope: the message's brace, then the envelope's. */
    private static final int CLOSING = 2;

    private record Envelope(EventNotification message) {
    }

    /**
     * The bytes of {@link #toBytes}, and where in them the vendor's raw record lies: a store can keep a raw that many
     * notifications repeat (every part of one webhook) once, and put the same bytes back together.
     *
     * @param rawLength 0 when the notification has no raw record
     */
    public record Serialised(byte[] bytes, int rawOffset, int rawLength) {
    }

    private NotificationJson() {
    }

    /** The exact bytes a callback receives. */
    public static byte[] toBytes(EventNotification notification) {
        return serialise(notification).bytes();
    }

    /** The exact bytes a callback receives, with where its raw record lies in them. */
    public static Serialised serialise(EventNotification notification) {
        try {
            // the same bytes as the whole envelope written at once: raw is the message's last field, so it goes in
            // just before the two closing braces; written apart, its place is known without searching for it
            byte[] others = MAPPER.writeValueAsBytes(new Envelope(new EventNotification(notification.eventId(),
                    notification.instanceId(), notification.instanceName(), notification.elementKey(), notification.events(),
                    null)));
            if (notification.raw() == null) {
                return new Serialised(others, 0, 0);
            }
            byte[] raw = MAPPER.writeValueAsBytes(notification.raw());
            ByteArrayOutputStream out = new ByteArrayOutputStream(others.length + RAW_FIELD.length + raw.length);
            out.write(others, 0, others.length - CLOSING);
            out.write(RAW_FIELD);
            int rawOffset = out.size();
            out.write(raw);
            out.write(others, others.length - CLOSING, CLOSING);
            return new Serialised(out.toByteArray(), rawOffset, raw.length);
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
