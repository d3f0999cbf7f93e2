package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.openconnectors.camel.store.AttemptOutcome;
import io.openconnectors.camel.store.Delivery;
import io.openconnectors.camel.store.DeliveryAttempt;
import io.openconnectors.camel.store.EventStore;
import io.openconnectors.camel.store.NotificationStatus;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored notifications: claims what is due, sends it with the callback's sender, and records each attempt:
 * notified on 2xx, retried on the schedule otherwise, queued after the last retry or when the callback answered 410
 * Gone. Deliveries run on a bounded pool, at most {@code perHost} at a time to one callback host. On start it picks up
 * whatever was pending, including deliveries a process that died had claimed (after the lease). Notified
 * notifications older than the retention are forgotten every hour.
 */
public final class CallbackDispatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    /** How often the store is asked for due work when nothing wakes the dispatcher earlier. */
    private static final long CLAIM_INTERVAL_MILLIS = 250;
    private static final long WAKE_DELAY_MILLIS = 5;
    /** A notification whose sender is not running here (its route is stopped) is looked at again after this. */
    private static final Duration NO_SENDER_DELAY = Duration.ofSeconds(10);
    /** A notification for a host already at its limit waits this long before it is claimed again. */
    private static final Duration HOST_BUSY_DELAY = Duration.ofMillis(250);

    private final CamelContext context;
    private final EventStore store;
    private final RetrySchedule schedule;
    private final int threads;
    private final int perHost;
    private final Duration lease;
    private final Duration retention;
    private final Clock clock;

    /** The senders registered under each name: several routes may use one callback endpoint. */
    private final Map<String, List<CallbackSender>> senders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean cycleQueued = new AtomicBoolean();
    /** Finished deliveries, recorded together at the next cycle: one commit for many. */
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService claimer;
    private ExecutorService deliveries;

    /**
     * @param threads   deliveries at the same time, in all
     * @param perHost   deliveries at the same time to one callback host
     * @param lease     how long a claimed delivery may take before another dispatcher takes it over
     * @param retention how long notified notifications stay in the history; zero keeps them
     */
    public CallbackDispatcher(CamelContext context, EventStore store, RetrySchedule schedule, int threads, int perHost,
                              Duration lease, Duration retention, Clock clock) {
        this.context = context;
        this.store = store;
        this.schedule = schedule;
        this.threads = threads;
        this.perHost = perHost;
        this.lease = lease;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Delivers the notifications stored under {@code name} with this sender, and lets its callback receive again if it
     * answered 410 Gone before.
     *
     * @throws IllegalStateException when another callback endpoint of that name delivers elsewhere: stored notifications
     *                               remember the name only
     */
    public void register(String name, CallbackSender sender) {
        senders.compute(name, (n, registered) -> {
            List<CallbackSender> list = registered == null ? new CopyOnWriteArrayList<>() : registered;
            if (!list.isEmpty() && !list.get(0).sameTarget(sender)) {
                throw new IllegalStateException("Two callback endpoints are named '" + name + "' with different callback "
                                                + "URLs or keys; give each callback its own name");
            }
            list.add(sender);
            return list;
        });
        store.revive(name);
        wake();
    }

    public void unregister(String name, CallbackSender sender) {
        senders.computeIfPresent(name, (n, list) -> {
            list.remove(sender);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Looks for due work soon rather than at the next interval: something was stored or a delivery ended. Wakes within
     * a few milliseconds are one cycle, so that under load a cycle records and claims many deliveries in one commit.
     */
    public void wake() {
        ScheduledExecutorService running = claimer;
        if (running != null && cycleQueued.compareAndSet(false, true)) {
            running.schedule(this::cycle, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStart() {
        claimer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "openconnectors-dispatcher");
        deliveries = context.getExecutorServiceManager().newFixedThreadPool(this, "openconnectors-delivery", threads);
        claimer.scheduleWithFixedDelay(this::cycle, 0, CLAIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (!retention.isZero()) {
            claimer.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
        }
    }

    @Override
    protected void doStop() {
        context.getExecutorServiceManager().shutdownGraceful(deliveries);
        recordFinished(); // what the last deliveries did, before the claimer goes
        context.getExecutorServiceManager().shutdownGraceful(claimer);
        claimer = null;
        deliveries = null;
    }

    /** A finished delivery to record, and what to log once it is recorded. */
    private record Finished(AttemptOutcome outcome, boolean gone, String queuedWarning) {
    }

    private void cycle() {
        cycleQueued.set(false);
        try {
            recordFinished();
            int free = threads - inFlight.get();
            Instant now = clock.instant();
            List<Delivery> due = store.claimDue(now, now.minus(lease), free);
            int started = 0;
            for (Delivery delivery : due) {
                started += dispatch(delivery, now) ? 1 : 0;
            }
            if (started > 0 && due.size() == free) {
                wake(); // there may be more: go on as soon as a slot frees up
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot claim due notifications: {}", e.getMessage());
        }
    }

    /** Starts a delivery, or gives the claim back; {@code true} when it started. */
    private boolean dispatch(Delivery delivery, Instant now) {
        List<CallbackSender> registered = senders.get(delivery.sender());
        CallbackSender sender = registered == null || registered.isEmpty() ? null : registered.get(0);
        if (sender == null) {
            store.release(delivery, now.plus(NO_SENDER_DELAY));
            return false;
        }
        AtomicInteger host = inFlightByHost.computeIfAbsent(sender.host(), h -> new AtomicInteger());
        if (host.incrementAndGet() > perHost) {
            host.decrementAndGet();
            store.release(delivery, now.plus(HOST_BUSY_DELAY));
            return false;
        }
        inFlight.incrementAndGet();
        deliveries.execute(() -> {
            try {
                deliver(delivery, sender);
            } catch (Throwable e) {
                // the claim stays; another dispatcher takes it over after the lease
                LOG.error("Delivery of {} of instance '{}' failed unexpectedly: {}", delivery.eventId(),
                        delivery.instanceId(), e.toString(), e);
            } finally {
                host.decrementAndGet();
                inFlight.decrementAndGet();
                wake();
            }
        });
        return true;
    }

    private void deliver(Delivery delivery, CallbackSender sender) {
        Instant start = clock.instant();
        int attempt = delivery.attempts() + 1;
        try {
            int status = sender.send(delivery.eventId(), delivery.body());
            finish(delivery, attempt(start, status, null), NotificationStatus.NOTIFIED, null, false, null);
        } catch (CallbackFailedException e) {
            failed(delivery, attempt, attempt(start, e.getStatus(), e.getMessage()), e);
        } catch (RuntimeException e) {
            failed(delivery, attempt, attempt(start, 0, e.toString()), null);
        }
    }

    private void failed(Delivery delivery, int attempt, DeliveryAttempt record, CallbackFailedException failure) {
        if (failure != null && failure.getStatus() == 410) {
            // recorded at once, before this delivery's slot frees: nothing more may go to that callback meanwhile
            finish(delivery, record, NotificationStatus.QUEUED, null, true, null);
            recordFinished();
        } else if (schedule.retries(attempt)) {
            Instant next = clock.instant().plus(schedule.delayBefore(attempt,
                    failure == null ? null : failure.getRetryAfter(), ThreadLocalRandom.current()::nextDouble));
            finish(delivery, record, NotificationStatus.RETRY_SCHEDULED, next, false, null);
            LOG.debug("Delivery of {} failed ({}); retry {} at {}", delivery.eventId(), record.error(), attempt, next);
        } else {
            finish(delivery, record, NotificationStatus.QUEUED, null, false, String.format(
                    "Notification %s of instance '%s' queued after %d attempts: %s", delivery.eventId(),
                    delivery.instanceId(), attempt, record.error()));
        }
    }

    private void finish(Delivery delivery, DeliveryAttempt attempt, NotificationStatus next, Instant nextAttemptAt,
                        boolean gone, String queuedWarning) {
        finished.add(new Finished(new AttemptOutcome(delivery, attempt, next, nextAttemptAt), gone, queuedWarning));
    }

    /** Records the deliveries that finished since the last cycle, in one transaction. */
    private void recordFinished() {
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
                String sender = done.outcome().delivery().sender();
                int queued = store.markGone(sender);
                LOG.warn("Callback of '{}' answered 410 Gone: {} notifications queued, and the next ones will be, until they "
                         + "are redelivered", sender, queued + 1);
            } else if (done.queuedWarning() != null) {
                LOG.warn(done.queuedWarning());
            }
        }
    }

    private void purge() {
        try {
            int purged = store.purgeNotified(clock.instant().minus(retention));
            LOG.debug("Purged {} notified notifications older than {}", purged, retention);
        } catch (RuntimeException e) {
            LOG.warn("Cannot purge old notifications: {}", e.getMessage());
        }
    }

    private DeliveryAttempt attempt(Instant start, int status, String error) {
        return new DeliveryAttempt(0, start, status, error, Duration.between(start, clock.instant()).toMillis());
    }
}
