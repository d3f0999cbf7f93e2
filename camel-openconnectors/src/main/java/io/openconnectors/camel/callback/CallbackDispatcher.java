package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import io.openconnectors.camel.callback.HostLane.Pending;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.store.Delivery;
import io.openconnectors.camel.store.DeliveryLeases;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers stored notifications: claims what is due and hands it to its callback host's lane ({@link HostLanes}),
 * which sends it and judges the answer: notified on 2xx, retried on the schedule otherwise, queued after the last retry
 * or when the callback answered 410 Gone ({@link OutcomeClassifier}); the outcomes are recorded together
 * ({@link AttemptRecorder}). Deliveries run on a bounded pool, each callback host in its own {@link HostLane}: as many
 * at a time as the host keeps up with ({@code perHost} at most), paused when it keeps timing out, so that a slow host
 * holds a thread or two and never the pool. This class owns when to claim: a claim skips the callbacks whose lane is
 * full, so that their backlog does not hide other work, due retries are claimed beside new work, oldest first, and a
 * notification whose host has room is claimed at birth, while it is stored. On start it picks up whatever was
 * pending, including deliveries a process that died had claimed (after the lease). Notified notifications older than
 * the retention are forgotten every hour.
 */
public final class CallbackDispatcher extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    /** How often the store is asked for due work when nothing wakes the dispatcher earlier. */
    private static final long CLAIM_INTERVAL_MILLIS = 250;
    private static final long WAKE_DELAY_MILLIS = 5;
    /** How long finished deliveries wait to be recorded together when there is nothing to claim meanwhile. */
    private static final long RECORD_DELAY_MILLIS = 25;
    /** A notification whose sender is not running here (its route is stopped) is looked at again after this. */
    private static final Duration NO_SENDER_DELAY = Duration.ofSeconds(10);
    /** At most this many callbacks with full lanes are left out of a claim by name; the rest are declined one by one. */
    private static final int MAX_SKIPPED = 200;

    private final CamelContext context;
    private final DeliveryLeases store;
    private final int threads;
    private final Duration lease;
    private final Duration retention;
    private final Clock clock;

    private final CallbackSenders senders = new CallbackSenders();
    private final AttemptRecorder recorder;
    private final HostLanes lanes;
    /** The claim of notifications claimed at birth: another dispatcher takes them over when their lease ends. */
    private final String birthClaim = UUID.randomUUID().toString();
    private final AtomicBoolean cycleQueued = new AtomicBoolean();
    private final AtomicBoolean recordQueued = new AtomicBoolean();
    /**
     * Whether the store may hold due work this dispatcher could take: notifications were stored unclaimed, claims were
     * given back, notifications redelivered, a callback registered, the last claim filled its budget, left some for
     * full lanes or failed, or the interval came round (retries fall due). Otherwise a delivery that ends only needs
     * recording, and the claim waits.
     */
    private final AtomicBoolean mayHaveDue = new AtomicBoolean(true);
    private final Runnable wakeOnStored = () -> {
        mayHaveDue.set(true);
        wake();
    };
    private volatile ScheduledExecutorService claimer;
    private volatile ExecutorService deliveries;

    /**
     * @param threads   deliveries at the same time, in all
     * @param perHost   deliveries at the same time to one callback host
     * @param lease     how long a claimed delivery may take before another dispatcher takes it over
     * @param retention how long notified notifications stay in the history; zero keeps them
     * @param failures  where each attempt's success or failure is told, per callback host
     * @param metrics   where attempts and outcomes are counted
     */
    public CallbackDispatcher(CamelContext context, DeliveryLeases store, RetrySchedule schedule, int threads, int perHost,
                              Duration lease, Duration retention, CallbackFailures failures, EventMetrics metrics,
                              Clock clock) {
        this.context = context;
        this.store = store;
        this.threads = threads;
        this.lease = lease;
        this.retention = retention;
        this.clock = clock;
        this.recorder = new AttemptRecorder(store, senders);
        this.lanes = new HostLanes(store, new OutcomeClassifier(schedule), recorder, perHost, lease, failures, metrics, clock,
                new HostLanes.Events() {
                    @Override
                    public void deliveryEnded() {
                        if (mayHaveDue.get()) {
                            wake();
                        } else {
                            recordSoon();
                        }
                    }

                    @Override
                    public void claimsGivenBack() {
                        mayHaveDue.set(true);
                    }
                });
    }

    /**
     * Delivers the notifications stored under {@code name} with this sender, and lets its callback receive again if it
     * answered 410 Gone before.
     *
     * @throws IllegalStateException when another callback endpoint of that name delivers elsewhere: stored notifications
     *                               remember the name only
     */
    public void register(String name, CallbackSender sender) {
        senders.register(name, sender);
        store.revive(name);
        mayHaveDue.set(true);
        wake();
    }

    /**
     * Claims a notification of this callback at birth, while it is being stored, when its host's lane has room: it is
     * stored already dispatched, and handed over from memory once committed ({@link #bornClaimed}), which spares the
     * store a claim. Not for ordered notifications (they wait for the earlier ones), nor for a callback that is not
     * running here or answered 410.
     *
     * @return the claim to store it under, or {@code null} to store it due, for a claim
     */
    BirthClaim claimAtBirth(String name, boolean ordered) {
        CallbackSender sender = ordered || !isRunAllowed() || senders.isGone(name) ? null : senders.named(name);
        if (sender == null) {
            return null;
        }
        HostLane lane = lanes.laneTo(sender.host());
        return lane.reserve(clock.instant()) ? new BirthClaim(birthClaim, sender, lane) : null;
    }

    /** Room reserved in a host's lane for a notification being stored under {@code claimId}. */
    record BirthClaim(String claimId, CallbackSender sender, HostLane lane) {
    }

    /**
     * The notification claimed at birth was committed ({@code stored}), or not: its reserved room is used or freed. One
     * that its transaction did not store, or that was stored before (a vendor sent it again), is not delivered from
     * here: the store has it under its own state.
     */
    void bornClaimed(BirthClaim claim, Delivery delivery, boolean stored) {
        claim.lane().unreserve();
        if (!stored) {
            return;
        }
        Pending pending = new Pending(delivery, claim.sender(), clock.instant());
        if (!isRunAllowed() || senders.named(delivery.callbackName()) != claim.sender()) {
            // stopping, or its route stopped meanwhile (that sender's connections are closing): for a claim, here or
            // on another node
            lanes.giveBack(List.of(pending));
            return;
        }
        lanes.offer(claim.lane(), pending);
    }

    /** Notifications were made due again: callbacks that answered 410 Gone receive again. */
    public void redelivered() {
        senders.forgetGone();
        mayHaveDue.set(true);
        wake();
    }

    /** Stops delivering with this sender; what waits for it goes back to the store (its connections are closing). */
    public void unregister(String name, CallbackSender sender) {
        senders.unregister(name, sender);
        lanes.dropAll(sender);
    }

    /**
     * Runs a cycle soon rather than at the next interval: it records what finished and claims if work may be due.
     * Wakes within a few milliseconds are one cycle, so that under load a cycle records and claims many deliveries in
     * one commit.
     */
    private void wake() {
        ScheduledExecutorService running = claimer;
        if (running != null && cycleQueued.compareAndSet(false, true)) {
            try {
                running.schedule(this::cycle, WAKE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping: the last deliveries are recorded by doStop
            }
        }
    }

    @Override
    protected void doStart() {
        store.addStoredListener(wakeOnStored);
        claimer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "openconnectors-dispatcher");
        deliveries = context.getExecutorServiceManager().newFixedThreadPool(this, "openconnectors-delivery", threads);
        lanes.start(deliveries);
        claimer.scheduleWithFixedDelay(() -> {
            mayHaveDue.set(true);
            cycle();
        }, 0, CLAIM_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (!retention.isZero()) {
            claimer.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.MINUTES);
        }
    }

    @Override
    protected void doStop() {
        store.removeStoredListener(wakeOnStored);
        ScheduledExecutorService stopping = claimer;
        claimer = null; // nothing wakes it any more
        context.getExecutorServiceManager().shutdownGraceful(stopping); // a claim in progress ends, none follows
        lanes.close();
        context.getExecutorServiceManager().shutdownGraceful(deliveries);
        recorder.recordAll(); // what the last deliveries did
        deliveries = null;
        lanes.clear();
    }

    /** Records finished deliveries soon, together, without a claim: a delivery ended and nothing else waits. */
    private void recordSoon() {
        ScheduledExecutorService running = claimer;
        if (running != null && recordQueued.compareAndSet(false, true)) {
            try {
                running.schedule(() -> {
                    recordQueued.set(false);
                    recorder.recordAll();
                }, RECORD_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // stopping: the last deliveries are recorded by doStop
            }
        }
    }

    private void cycle() {
        cycleQueued.set(false);
        try {
            recorder.recordAll();
            if (!mayHaveDue.getAndSet(false)) {
                return;
            }
            // claims as many again as can run: each host's next deliveries wait in its lane, ready
            int free = 2 * threads - lanes.held();
            if (free <= 0) {
                mayHaveDue.set(true); // claimed when deliveries end
                return;
            }
            Instant now = clock.instant();
            HostRoom room = new HostRoom(now);
            Set<String> full = room.full();
            List<Delivery> due = store.claimDue(now, now.minus(lease), free, room, full);
            int started = 0;
            for (Delivery delivery : due) {
                started += dispatch(delivery, now) ? 1 : 0;
            }
            if (due.size() == free || !full.isEmpty() || room.declined()) {
                mayHaveDue.set(true); // more may wait: claimed as soon as a slot frees up
                if (started > 0) {
                    wake();
                }
            }
        } catch (RuntimeException e) {
            mayHaveDue.set(true);
            LOG.warn("Cannot claim due notifications: {}", e.getMessage());
        }
    }

    /**
     * Declines, during one claim, what the callback host's lane has no room for: it stays in the store, unclaimed,
     * rather than being claimed and given back. A sender that is not running here is taken, and given back for later.
     */
    private final class HostRoom implements Predicate<String> {
        private final Map<String, Integer> left = new HashMap<>();
        private final Instant now;
        private boolean declined;

        HostRoom(Instant now) {
            this.now = now;
        }

        @Override
        public boolean test(String name) {
            CallbackSender sender = senders.named(name);
            if (sender == null) {
                return true;
            }
            // deliveries only end meanwhile: the room counted here is never more than there is
            int room = roomAt(sender.host());
            if (room <= 0) {
                declined = true;
                return false;
            }
            left.put(sender.host(), room - 1);
            return true;
        }

        /** Whether a candidate was left in the store for want of room in its host's lane. */
        boolean declined() {
            return declined;
        }

        /** The callbacks whose host has no room now (a bounded number): the claim need not read their backlog. */
        Set<String> full() {
            Set<String> fullHosts = lanes.fullHosts(now);
            Set<String> full = new HashSet<>();
            if (!fullHosts.isEmpty()) { // mostly none: then no callback is looked at
                senders.forEach((name, sender) -> {
                    if (full.size() < MAX_SKIPPED && fullHosts.contains(sender.host())) {
                        full.add(name);
                    }
                });
            }
            return full;
        }

        private int roomAt(String host) {
            return left.computeIfAbsent(host, h -> lanes.laneTo(h).room(now));
        }
    }

    /**
     * Hands a delivery to its host's lane, or gives the claim back when its sender is not running here; {@code true}
     * when the lane took it.
     */
    private boolean dispatch(Delivery delivery, Instant now) {
        CallbackSender sender = senders.named(delivery.callbackName());
        if (sender == null) {
            store.release(delivery, now.plus(NO_SENDER_DELAY));
            return false;
        }
        return lanes.offer(lanes.laneTo(sender.host()), new Pending(delivery, sender, now));
    }

    private void purge() {
        try {
            int purged = store.purgeNotified(clock.instant().minus(retention));
            LOG.debug("Purged {} notified notifications older than {}", purged, retention);
        } catch (RuntimeException e) {
            LOG.warn("Cannot purge old notifications: {}", e.getMessage());
        }
    }
}
