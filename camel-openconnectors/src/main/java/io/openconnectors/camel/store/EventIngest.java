package io.openconnectors.camel.store;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.spi.StateRepository;

/**
 * The store as the consumers and the callback producer see it: notifications (and poll windows) written in
 * transactions, committed before anything is acknowledged.
 */
public interface EventIngest {

    /**
     * Stores a notification; inside {@link #inTransaction} it commits with the rest of the work, else before this
     * returns. A notification whose id is already stored is not stored twice.
     *
     * @return completes once it is committed: {@code true} when it was stored as asked; {@code false} when a
     *         notification with this id already was, or when it was to be stored under a claim (see
     *         {@link StoredNotification#claimId()}) but its callback receives nothing (gone or retired), so that it was
     *         stored due instead, for the next claim to queue; or exceptionally, when its transaction failed
     */
    CompletableFuture<Boolean> store(StoredNotification notification);

    /**
     * Runs {@code work} in one transaction: notifications stored and poll windows saved inside it commit together or
     * not at all, when the work is done; the store may commit several transactions that end at the same time
     * together, and returns only once this one is committed. Very large units (a poll of hundreds of thousands of
     * changes) may commit their notifications in chunks before the end; a notification stored again later is
     * recognised by its id.
     */
    <T> T inTransaction(Callable<T> work) throws Exception;

    /** Poll windows, kept in the same database so that they commit with the notifications. */
    StateRepository<String, String> stateRepository();
}
