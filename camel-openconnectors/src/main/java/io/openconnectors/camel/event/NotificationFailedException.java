package io.openconnectors.camel.event;

/**
 * The route did not complete a notification. A poll stops there and keeps its window; a webhook is not acknowledged.
 * Either way the same changes come again.
 */
public final class NotificationFailedException extends Exception {

    public NotificationFailedException(String eventId, Throwable cause) {
        super("the route failed on notification " + eventId + " ("
              + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")",
              cause, false, false);
    }
}
