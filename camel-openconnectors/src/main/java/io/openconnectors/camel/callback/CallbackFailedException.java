package io.openconnectors.camel.callback;

import java.time.Duration;

/**
 * The callback URL did not take a notification: an answer other than 2xx, a timeout, or no connection. The message
 * is one line naming the notification and the callback host, never a secret.
 */
public class CallbackFailedException extends Exception {

    private final String eventId;
    private final int status;
    private final transient Duration retryAfter;

    public CallbackFailedException(String eventId, String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.eventId = eventId;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public String getEventId() {
        return eventId;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int getStatus() {
        return status;
    }

    /** How long the receiver asked us to wait ({@code Retry-After}), or {@code null}. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
