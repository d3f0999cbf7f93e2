package io.openconnectors.camel.callback;

import java.time.Duration;

/**
 * The callback URL did not take a notification: an answer other than 2xx, a timeout, or no connection. The message
 * is one line naming the notification, the callback host and what went wrong (the I/O error's class and text), never a
 * secret. It carries no stack trace: it is news about the receiver, not a fault here, and a route's error handler that
 * logs it prints that line instead of a hundred; its only cause is the egress policy's refusal, when that was it.
 */
public class CallbackFailedException extends Exception {

    private final String eventId;
    private final int status;
    private final transient Duration retryAfter;

    /**
     * @param cause the egress policy's refusal, or {@code null}
     */
    public CallbackFailedException(String eventId, String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
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
