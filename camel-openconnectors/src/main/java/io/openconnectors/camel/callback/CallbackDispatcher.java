package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
 * whatever was pending, including deliveries a process that died had claimed (after the lease).
 */
public final class CallbackDispatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    /** How often the store is asked for due work when nothing wakes the dispatcher earlier. */
    private static final long CLAIM_INTERVAL_MILLIS = 250;
    /** A notification whose sender is not running here (its route is stopped) is looked at again after this. */
    private static final Duration NO_SENDER_DELAY = Duration.ofSeconds(10);
    private static final String GONE = "the callback answered 410 Gone";

    private final CamelContext context;
    private final EventStore store;
    private final RetrySchedule schedule;
    private final int threads;
    private final int perHost;
    private final Duration lease;
    private final Clock clock;

    private final Map<String, CallbackSender> senders = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByHost = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean cycleQueued = new AtomicBoolean();
    private ScheduledExecutorService claimer;
    private ExecutorService deliveries;

    /**
     * @param threads deliveries at the same time, in all
     * @param perHost deliveries at the same time to one callback host
     * @param lease   how long a claimed delivery may take before another dispatcher takes it over
     */
    public CallbackDispatcher(CamelContext context, EventStore store, RetrySchedule schedule, int threads, int perHost,
                              Duration lease, Clock clock) {
        this.context = context;
        this.store = store;
        this.schedule = schedule;
        this.threads = threads;
        this.perHost = perHost;
        this.lease = lease;
        this.clock = clock;
    }

    /** Delivers the notifications stored for {@code name} with this sender; a later registration replaces it. */
    public void register(String name, CallbackSender sender) {
        senders.put(name, sender);
        wake();
    }

    public void unregister(String name, CallbackSender sender) {
        senders.remove(name, sender);
    }

    /** Lets every callback that answered 410 Gone receive again: its notifications were redelivered. */
    public void reviveAll() {
        senders.values().forEach(CallbackSender::revive);
        wake();
    }

    /** Looks for due work now rather than at the next interval: something was stored or a delivery ended. */
    public void wake() {
        ScheduledExecutorService running = claimer;
        if (running != null && cycleQueued.compareAndSet(false, true)) {
            running.execute(this::cycle);
        }
    }

    @Override
    protected void doStart() {
        claimer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "openconnectors-dispatcher");
        deliveries = context.getExecutorServiceManager().newFixedThreadPool(this, "openconnectors-delivery", threads);
        claimer.scheduleWithFixedDelay(this::cycle, 0, CLAIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        context.getExecutorServiceManager().shutdownGraceful(claimer);
        context.getExecutorServiceManager().shutdownGraceful(deliveries);
        claimer = null;
        deliveries = null;
    }

    private void cycle() {
        cycleQueued.set(false);
        try {
            int free = threads - inFlight.get();
            Instant now = clock.instant();
            List<Delivery> due = store.claimDue(now, now.minus(lease), free);
            for (Delivery delivery : due) {
                dispatch(delivery, now);
            }
            if (!due.isEmpty() && due.size() == free) {
                wake(); // there may be more: go on as soon as a slot frees up
            }
        } catch (RuntimeException e) {
            LOG.warn("Cannot claim due notifications: {}", e.getMessage());
        }
    }

    private void dispatch(Delivery delivery, Instant now) {
        CallbackSender sender = senders.get(delivery.sender());
        if (sender == null) {
            store.release(delivery.eventId(), now.plus(NO_SENDER_DELAY));
            return;
        }
        if (sender.isGone()) {
            store.release(delivery.eventId(), now);
            store.queuePending(delivery.sender(), GONE);
            return;
        }
        AtomicInteger host = inFlightByHost.computeIfAbsent(sender.host(), h -> new AtomicInteger());
        if (host.incrementAndGet() > perHost) {
            host.decrementAndGet();
            store.release(delivery.eventId(), now);
            return;
        }
        inFlight.incrementAndGet();
        deliveries.execute(() -> {
            try {
                deliver(delivery, sender);
            } finally {
                host.decrementAndGet();
                inFlight.decrementAndGet();
                wake();
            }
        });
    }

    private void deliver(Delivery delivery, CallbackSender sender) {
        Instant start = clock.instant();
        int attempt = delivery.attempts() + 1;
        try {
            int status = sender.send(delivery.eventId(), delivery.body());
            store.recordAttempt(delivery.eventId(), attempt(start, status, null), NotificationStatus.NOTIFIED, null);
        } catch (CallbackFailedException e) {
            failed(delivery, sender, attempt, attempt(start, e.getStatus(), e.getMessage()), e);
        } catch (RuntimeException e) {
            failed(delivery, sender, attempt, attempt(start, 0, e.toString()), null);
        }
    }

    private void failed(Delivery delivery, CallbackSender sender, int attempt, DeliveryAttempt record,
                        CallbackFailedException failure) {
        if (failure != null && failure.getStatus() == 410) {
            sender.markGone();
            store.recordAttempt(delivery.eventId(), record, NotificationStatus.QUEUED, null);
            int queued = store.queuePending(delivery.sender(), GONE);
            LOG.warn("Callback of '{}' answered 410 Gone: {} notifications queued; redeliver them once it is back",
                    delivery.sender(), queued + 1);
        } else if (schedule.retries(attempt)) {
            Instant next = clock.instant().plus(schedule.delayBefore(attempt,
                    failure == null ? null : failure.getRetryAfter(), ThreadLocalRandom.current()::nextDouble));
            store.recordAttempt(delivery.eventId(), record, NotificationStatus.RETRY_SCHEDULED, next);
            LOG.debug("Delivery of {} failed ({}); retry {} at {}", delivery.eventId(), record.error(), attempt, next);
        } else {
            store.recordAttempt(delivery.eventId(), record, NotificationStatus.QUEUED, null);
            LOG.warn("Notification {} of instance '{}' queued after {} attempts: {}", delivery.eventId(),
                    delivery.instanceId(), attempt, record.error());
        }
    }

    private DeliveryAttempt attempt(Instant start, int status, String error) {
        return new DeliveryAttempt(0, start, status, error, Duration.between(start, clock.instant()).toMillis());
    }
}
