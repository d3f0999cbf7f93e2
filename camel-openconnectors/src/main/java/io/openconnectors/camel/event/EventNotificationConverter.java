package io.openconnectors.camel.event;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Converter;

/**
 * Lets routes treat a notification as its JSON text ({@code convertBodyTo(String.class)}, logging, any HTTP or
 * messaging endpoint), and read one back.
 */
@Converter(generateLoader = true)
public final class EventNotificationConverter {

    private EventNotificationConverter() {
    }

    @Converter
    public static byte[] toBytes(EventNotification notification) {
        return NotificationJson.toBytes(notification);
    }

    @Converter
    public static String toJson(EventNotification notification) {
        return new String(NotificationJson.toBytes(notification), StandardCharsets.UTF_8);
    }

    @Converter
    public static EventNotification fromBytes(byte[] json) {
        return NotificationJson.fromBytes(json);
    }

    @Converter
    public static EventNotification fromJson(String json) {
        return NotificationJson.fromBytes(json.getBytes(StandardCharsets.UTF_8));
    }
}
