package io.openconnectors.camel.poll;

import java.time.Duration;

/**
 * The vendor's API did not give a usable page: an error status, a timeout, a refused connection, or a body that is not
 * the JSON expected. The poll produces no events and the window stays where it was.
 * <p>
 * Its message is one line meant for the log: it names the request (without its query, which may hold credentials) and
 * what went wrong, never a secret.
 */
public class VendorFaultException extends Exception {

    private final int status;
    private final transient Duration retryAfter;

    public VendorFaultException(String message, int status, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int getStatus() {
        return status;
    }

    /** How long the vendor asked us to wait ({@code Retry-After}), or {@code null}. */
    public Duration getRetryAfter() {
        return retryAfter;
    }
}
