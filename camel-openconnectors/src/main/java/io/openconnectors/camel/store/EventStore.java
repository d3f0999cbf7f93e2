package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.apache.camel.spi.StateRepository;

/**
 * The outbox and event history: every notification is stored before it is acknowledged (before a webhook is answered
 * 2xx, before a poll window moves), then delivered, retried and queued from here.
 */
public interface EventStore {

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

    /** Tells {@code listener} each time stored notifications were committed: there may be new work to deliver. */
    void addStoredListener(Runnable listener);

    void removeStoredListener(Runnable listener);

    /** Poll windows, kept in the same database so that they commit with the notifications. */
    StateRepository<String, String> stateRepository();

    /**
     * Claims up to {@code limit} notifications due at {@code now} (and those dispatched before {@code staleBefore}, whose
     * dispatcher died), marking them dispatched, soonest due first: new ones and due retries alike. Several
     * dispatchers, also on other nodes, never claim the same one. Ordered instances give at most their oldest pending
     * notification.
     *
     * @param takesCallback asked, soonest due first, whether the dispatcher can start one more delivery for that callback
     *                      now; a notification it declines stays where it is, for a later claim
     * @param skipped       callbacks whose notifications are not even looked at (the dispatcher has no room for them):
     *                      their backlog does not hide the others' work
     */
    List<Delivery> claimDue(Instant now, Instant staleBefore, int limit, Predicate<String> takesCallback, Set<String> skipped);

    /** {@link #claimDue(Instant, Instant, int, Predicate, Set)} skipping no callback. */
    default List<Delivery> claimDue(Instant now, Instant staleBefore, int limit, Predicate<String> takesCallback) {
        return claimDue(now, staleBefore, limit, takesCallback, Set.of());
    }

    /** Gives a claimed notification back, due at {@code dueAt}, without counting an attempt. */
    void release(Delivery delivery, Instant dueAt);

    /**
     * Records attempts, each with where its notification goes next, in one transaction; an outcome counts only if its
     * claim still holds.
     *
     * @return for each outcome, in order, {@code false} when another dispatcher took the claim over (the lease ran out)
     *         and nothing was recorded
     */
    List<Boolean> recordAttempts(List<AttemptOutcome> outcomes);

    /**
     * The callback is gone for good (its instance was deleted, or its events switched off): its pending notifications are
     * queued with {@code reason}, and so is, on every node, whatever becomes pending for it later: a notification stored,
     * an attempt that was under way when it was retired (rather than retried, claimed and given back forever). Until a
     * callback endpoint of that name starts again ({@link #revive}), {@link #redeliver redelivering} its notifications
     * makes them due, and the next claim queues them again with {@code reason}.
     *
     * @return how many pending notifications were queued
     */
    int retire(String callbackName, String reason);

    /**
     * The callback answered 410 Gone: its pending notifications are queued, and so is whatever is stored for it
     * later, on every node, until a notification of it is redelivered or it is {@linkplain #revive revived}.
     *
     * @return how many pending notifications were queued
     */
    int markGone(String callbackName);

    /** The callback may receive again (a callback endpoint of that name started, or its callback changed), also if retired. */
    void revive(String callbackName);

    /** Forgets notified notifications stored before {@code before}, with their attempts; returns how many. */
    int purgeNotified(Instant before);

    Optional<NotificationRecord> find(String eventId);

    /** An instance's notifications with their attempts, newest first. */
    List<NotificationRecord> listByInstance(String instanceId, long offset, int limit);

    /** Notifications in the given statuses with their attempts, oldest first, optionally of one instance. */
    List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit);

    /**
     * Makes queued and retry-scheduled notifications due now again, keeping their ids, and lets their callbacks that
     * answered 410 Gone receive again (a {@linkplain #retire retired} callback stays retired);
     * {@code instanceId} and {@code eventId} narrow the selection when not {@code null}.
     *
     * @return the ids made due
     */
    List<String> redeliver(String instanceId, String eventId);

    /** How many notifications are in each status: for health and metrics. */
    Map<NotificationStatus, Long> countByStatus();
}
