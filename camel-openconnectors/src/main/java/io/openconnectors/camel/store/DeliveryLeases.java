package io.openconnectors.camel.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The store as dispatchers see it: due notifications claimed under a lease (on any node, never twice), attempts
 * recorded under that claim, callbacks that receive nothing, and redelivery.
 */
public interface DeliveryLeases {
    /**
     * Tells {@code listener} each time notifications stored due for a claim (not claimed at birth) were committed:
     * there may be new work to deliver. It is told on the committing thread, so it must be quick.
     */
    void addStoredListener(Runnable listener);

    void removeStoredListener(Runnable listener);

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

    /**
     * Makes queued and retry-scheduled notifications due now again, keeping their ids, and lets their callbacks that
     * answered 410 Gone receive again (a {@linkplain #retire retired} callback stays retired);
     * {@code instanceId} and {@code eventId} narrow the selection when not {@code null}.
     *
     * @return the ids made due
     */
    List<String> redeliver(String instanceId, String eventId);
}
