package io.openconnectors.camel.poll;

/**
 * The route did not complete a notification of this poll. The poll stops there and the window stays, so the next
 * poll reads the same changes again.
 */
final class NotificationFailedException extends Exception {

    NotificationFailedException(String eventId, Throwable cause) {
        super("the route failed on notification " + eventId + " ("
              + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")",
              cause, false, false);
    }
}
