package io.openconnectors.camel.store;

/**
 * The event store's database failed. Whatever was being stored is not acknowledged: the poll window stays, the
 * webhook is not answered 2xx.
 */
public class EventStoreException extends RuntimeException {

    public EventStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
