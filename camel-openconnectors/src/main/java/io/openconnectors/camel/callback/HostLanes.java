package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import io.openconnectors.camel.callback.HostLane.Pending;
import io.openconnectors.camel.callback.OutcomeClassifier.Answer;
import io.openconnectors.camel.callback.OutcomeClassifier.HostSignal;
import io.openconnectors.camel.callback.OutcomeClassifier.Verdict;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.store.AttemptOutcome;
import io.openconnectors.camel.store.Delivery;
import io.openconnectors.camel.store.DeliveryAttempt;
import io.openconnectors.camel.store.DeliveryLeases;
import io.openconnectors.camel.store.NotificationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback hosts' {@link HostLane lanes}, and the deliveries that run in them on the delivery pool: each is sent
 * with its callback's sender, its answer judged by the {@link OutcomeClassifier}, and its outcome handed to the
 * {@link AttemptRecorder}. A claim that a lane cannot take (paused, closed, pool full), or that waited in it so long
 * that it could outlast its lease, goes back to the store.
 */
final class HostLanes {

    /** Under the dispatcher's name: the one logger of delivery, as users know it from the docs. */
    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);

    /** What the dispatcher hears from the lanes. */
    interface Events {
        /** A delivery ended: its slot is free, or runs the lane's next delivery. */
        void deliveryEnded();

        /** Claims went back to the store: work is due there. */
        void claimsGivenBack();
    }

    private final DeliveryLeases store;
    private final OutcomeClassifier classifier;
    private final AttemptRecorder recorder;
    private final int perHost;
    private final Duration lease;
    private final CallbackFailures failures;
    private final EventMetrics metrics;
    private final Clock clock;
    private final Events events;
    private final Map<String, HostLane> lanes = new ConcurrentHashMap<>();
    private volatile ExecutorService pool;

    /**
     * @param perHost deliveries at the same time to one callback host
     * @param lease   how long a claimed delivery may take before another dispatcher takes it over
     */
    HostLanes(DeliveryLeases store, OutcomeClassifier classifier, AttemptRecorder recorder, int perHost, Duration lease,
              CallbackFailures failures, EventMetrics metrics, Clock clock, Events events) {
        this.store = store;
        this.failures = failures;
        this.metrics = metrics;
        this.classifier = classifier;
        this.recorder = recorder;
        this.perHost = perHost;
        this.lease = lease;
        this.clock = clock;
        this.events = events;
    }

    /** Runs deliveries on this pool from now on. */
    void start(ExecutorService pool) {
        this.pool = pool;
    }

    /** Closes every lane and gives back, due now, what waits in them: another node need not wait for the lease. */
    void close() {
        lanes.values().forEach(lane -> giveBack(lane.close()));
    }

    /** Forgets the lanes, once the pool ran their last deliveries: a start begins with fresh ones. */
    void clear() {
        lanes.clear();
        pool = null;
    }

    HostLane laneTo(String host) {
        return lanes.computeIfAbsent(host, h -> new HostLane(perHost));
    }

    /** Deliveries claimed here and not yet ended: running, or waiting in their host's lane. */
    int held() {
        return lanes.values().stream().mapToInt(HostLane::held).sum();
    }

    /** The hosts whose lane has no room now. */
    Set<String> fullHosts(Instant now) {
        Set<String> full = new HashSet<>();
        lanes.forEach((host, lane) -> {
            if (lane.room(now) <= 0) {
                full.add(host);
            }
        });
        return full;
    }

    /** Gives back what waits for this sender, whose route stopped (its connections are closing). */
    void dropAll(CallbackSender sender) {
        HostLane lane = lanes.get(sender.host());
        if (lane != null) {
            giveBack(lane.drop(pending -> pending.sender() == sender));
        }
    }

    /**
     * Puts a claimed delivery in its lane and starts it when a slot is free; a lane that is paused or closed takes
     * nothing, and the claim goes back to the store, due when the pause ends.
     *
     * @return whether the lane took it
     */
    boolean offer(HostLane lane, Pending pending) {
        Instant now = clock.instant();
        if (!lane.offer(pending, now)) {
            giveBack(List.of(pending), lane.isPaused(now) ? lane.pausedUntil() : now);
            return false;
        }
        Pending first = lane.next(now);
        if (first != null) {
            startLane(lane, first);
        }
        return true;
    }

    /** Gives claims back, due now, for this or another dispatcher to take. */
    void giveBack(List<Pending> pendings) {
        giveBack(pendings, clock.instant());
    }

    private void giveBack(List<Pending> pendings, Instant dueAt) {
        events.claimsGivenBack();
        for (Pending pending : pendings) {
            try {
                store.release(pending.delivery(), dueAt);
            } catch (RuntimeException e) {
                LOG.warn("Cannot give back {}; it is delivered after the lease: {}", pending.delivery().eventId(),
                        e.getMessage());
            }
        }
    }

    private void startLane(HostLane lane, Pending first) {
        try {
            pool.execute(() -> runLane(lane, first));
        } catch (RuntimeException e) {
            // stopping (rejected, or the pool is gone), or the pool is full: the slot frees, the claim goes back
            lane.abandon();
            giveBack(List.of(first));
            giveBack(lane.drop(pending -> true));
        }
    }

    /** Delivers in one of the lane's slots until nothing waits there. */
    private void runLane(HostLane lane, Pending first) {
        Pending current = first;
        while (current != null) {
            Delivery delivery = current.delivery();
            HostSignal signal = HostSignal.NONE;
            if (clock.instant().isAfter(current.claimedAt().plus(lease.dividedBy(2)))) {
                // waited behind slow deliveries: sent now, it could outlast its lease and go out twice
                giveBack(List.of(current));
            } else {
                try {
                    signal = deliver(delivery, current.sender(), lane);
                } catch (Throwable e) {
                    // the claim stays; another dispatcher takes it over after the lease
                    LOG.error("Delivery of {} of instance '{}' failed unexpectedly: {}", delivery.eventId(),
                            delivery.instanceId(), e.toString(), e);
                }
            }
            current = endOne(lane, signal);
        }
    }

    /**
     * Frees the slot (or hands it the lane's next delivery). A host that this answer paused gets back what waits for
     * it, due when the pause ends: claims are not held meanwhile.
     */
    private Pending endOne(HostLane lane, HostSignal signal) {
        Instant now = clock.instant();
        Pending next = lane.finished(signal, now);
        if (lane.isPaused(now)) {
            Instant resume = lane.pausedUntil();
            giveBack(lane.drop(pending -> true), resume);
            LOG.debug("Callback host paused until {}: it did not answer {} times in a row", resume, HostLane.PAUSE_AFTER);
        }
        events.deliveryEnded();
        return next;
    }

    private void count(String host, Delivery delivery, int status, Duration took, NotificationStatus next) {
        metrics.attempt(host, status, took);
        switch (next) {
            case NOTIFIED -> metrics.delivered(host, delivery.storedAt());
            case RETRY_SCHEDULED -> metrics.outcome(host, "retried");
            case QUEUED -> metrics.outcome(host, "queued");
            default -> {
                // not an outcome yet
            }
        }
    }

    /** Sends one notification and notes what became of it; returns what the answer says about the host. */
    private HostSignal deliver(Delivery delivery, CallbackSender sender, HostLane lane) {
        Instant start = clock.instant();
        int attempt = delivery.attempts() + 1;
        Answer answer;
        String error = null;
        try {
            answer = new Answer(sender.send(delivery.eventId(), delivery.body()), null);
            failures.succeeded(sender.host());
        } catch (CallbackFailedException e) {
            answer = Answer.of(e);
            error = e.getMessage();
            failures.failed(sender.host(), CallbackFailures.describe(e));
        } catch (RuntimeException e) {
            answer = Answer.UNSENT;
            error = e.toString();
            failures.failed(sender.host(), error);
        }
        Duration took = Duration.between(start, clock.instant());
        DeliveryAttempt record = new DeliveryAttempt(0, start, Math.max(0, answer.status()), error, took.toMillis());
        Verdict verdict = classifier.classify(attempt, answer, clock.instant(), ThreadLocalRandom.current()::nextDouble);
        count(sender.host(), delivery, answer.status(), took, verdict.next());
        AttemptOutcome outcome = new AttemptOutcome(delivery, record, verdict.next(), verdict.nextAttemptAt());
        if (verdict.gone()) {
            // recorded at once, before this delivery's slot frees, so that this lane starts nothing more for that
            // callback; what waits for it goes back to the store, which queues it
            recorder.add(outcome, true, null);
            recorder.recordAll();
            giveBack(lane.drop(pending -> pending.delivery().callbackName().equals(delivery.callbackName())));
        } else if (verdict.next() == NotificationStatus.QUEUED) {
            recorder.add(outcome, false, String.format("Notification %s of instance '%s' queued after %d attempts: %s",
                    delivery.eventId(), delivery.instanceId(), attempt, error));
        } else {
            recorder.add(outcome, false, null);
            if (verdict.next() == NotificationStatus.RETRY_SCHEDULED) {
                LOG.debug("Delivery of {} failed ({}); retry {} at {}", delivery.eventId(), error, attempt,
                        verdict.nextAttemptAt());
            }
        }
        return verdict.host();
    }
}
