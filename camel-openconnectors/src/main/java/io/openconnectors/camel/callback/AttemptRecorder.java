package io.openconnectors.camel.callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.openconnectors.camel.store.AttemptOutcome;
import io.openconnectors.camel.store.DeliveryLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of finished deliveries, recorded together: one commit for many. What an outcome says beyond the
 * notification's own state is done once it is recorded: a callback that answered 410 Gone is marked so and its pending
 * notifications queued; a notification queued after its last retry is logged.
 */
final class AttemptRecorder {

    /** Under the dispatcher's name: the one logger of delivery, as users know it from the docs. */
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

    /** A finished delivery to record, and what to log once it is recorded. */
    private record Finished(AttemptOutcome outcome, boolean gone, String queuedWarning) {
    }

    private final DeliveryLeases store;
    private final CallbackSenders senders;
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();

    AttemptRecorder(DeliveryLeases store, CallbackSenders senders) {
        this.store = store;
        this.senders = senders;
    }

    /**
     * Keeps an outcome for the next {@link #recordAll()}.
     *
     * @param gone          whether the callback answered 410 Gone
     * @param queuedWarning what to log once the outcome is recorded, {@code null} for nothing
     */
    void add(AttemptOutcome outcome, boolean gone, String queuedWarning) {
        finished.add(new Finished(outcome, gone, queuedWarning));
    }

    /** Records the outcomes added since the last call, in one transaction. */
    void recordAll() {
        List<Finished> batch = new ArrayList<>();
        for (Finished next = finished.poll(); next != null; next = finished.poll()) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<Boolean> recorded;
        try {
            recorded = store.recordAttempts(batch.stream().map(Finished::outcome).toList());
        } catch (RuntimeException e) {
            // the claims stay: after the lease the notifications are delivered again, under the same ids
            LOG.warn("Cannot record {} delivery attempts: {}", batch.size(), e.getMessage());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Finished done = batch.get(i);
            String eventId = done.outcome().delivery().eventId();
            if (!recorded.get(i)) {
                LOG.warn("Delivery of {} took longer than the lease; another dispatcher has it now: this outcome ({}) is not "
                         + "recorded", eventId, done.outcome().next());
            } else if (done.gone()) {
                markGone(done.outcome().delivery().callbackName());
            } else if (done.queuedWarning() != null) {
                LOG.warn(done.queuedWarning());
            }
        }
    }

    private void markGone(String callbackName) {
        senders.markGone(callbackName);
        try {
            int queued = store.markGone(callbackName);
            LOG.warn("Callback of '{}' answered 410 Gone: {} notifications queued, and the next ones will be, until they "
                     + "are redelivered", callbackName, queued + 1);
        } catch (RuntimeException e) {
            // its notifications stay pending: the next delivery to it gets the 410 again
            LOG.warn("Callback of '{}' answered 410 Gone, but its notifications cannot be queued now: {}", callbackName,
                    e.getMessage());
        }
    }
}
