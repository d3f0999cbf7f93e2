package io.openconnectors.camel.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import io.openconnectors.camel.callback.OutcomeClassifier.HostSignal;
import io.openconnectors.camel.store.Delivery;

/**
 * The deliveries to one callback host, and how many may run at once: a limit that starts low, grows by one each time
 * the host answers a full round of deliveries with 2xx, and halves when it answers 429 or 5xx or does not answer
 * (never above {@code max}, never below one). A host that keeps not answering (timeouts, refused connections) is
 * paused: nothing is sent to it until the pause ends, then a single delivery probes it. So a hanging host holds a
 * delivery thread or two, not the shared pool, and the others are served meanwhile. As many deliveries again as may
 * run are claimed and wait here, so that a delivery that ends is followed at once by the next one rather than at the
 * dispatcher's next claim.
 */
final class HostLane {

    /** Attempts without an answer, in a row, after which the host is paused. */
    static final int PAUSE_AFTER = 3;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);
    private static final int FIRST_LIMIT = 1;

    /** A claimed delivery, the sender that delivers it, and when it was claimed. */
    record Pending(Delivery delivery, CallbackSender sender, Instant claimedAt) {
    }

    private final int max;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private int limit;
    private int running;
    /** Room kept for notifications being committed, claimed at birth (see {@link #reserve}). */
    private int reserved;
    /** Prompt answers since the limit last grew. */
    private int prompt;
    /** Attempts without an answer, in a row. */
    private int unanswered;
    private Instant pausedUntil = Instant.MIN;
    private boolean closed;

    HostLane(int max) {
        this.max = max;
        this.limit = Math.min(FIRST_LIMIT, max);
    }

    /**
     * How many more deliveries this lane takes now from a claim: to run, or to wait for a slot; none while paused.
     * Reservations do not count: a long transaction (a poll reading many pages) must not keep claims from the host.
     */
    synchronized int room(Instant now) {
        return isPaused(now) ? 0 : 2 * limit - held();
    }

    /** The deliveries this lane holds: running, or waiting for a slot. */
    synchronized int held() {
        return running + waiting.size();
    }

    /**
     * Keeps room for a notification that is being stored, so that it can be delivered from memory once committed
     * rather than claimed from the store; {@code false} when there is none. Each reservation ends with
     * {@link #unreserve}, before the notification is {@linkplain #offer offered}, or not.
     */
    synchronized boolean reserve(Instant now) {
        if (closed || isPaused(now) || 2 * limit - held() - reserved <= 0) {
            return false;
        }
        reserved++;
        return true;
    }

    synchronized void unreserve() {
        reserved--;
    }

    synchronized int limit() {
        return limit;
    }

    synchronized boolean isPaused(Instant now) {
        return now.isBefore(pausedUntil);
    }

    /** Until when nothing is sent to this host; {@link Instant#MIN} when it is not paused. */
    synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    /**
     * Adds a claimed delivery, unless the lane is closed or paused: then {@code false}, and the caller gives it back
     * (until {@link #pausedUntil()}), rather than leave it where nothing would start it.
     */
    synchronized boolean offer(Pending pending, Instant now) {
        if (closed || isPaused(now)) {
            return false;
        }
        waiting.add(pending);
        return true;
    }

    /** The delivery to start now, when a slot is free and one waits; the slot is taken. */
    synchronized Pending next(Instant now) {
        return take(now);
    }

    /** A delivery taken by {@link #next} could not be started after all: its slot frees. */
    synchronized void abandon() {
        running--;
    }

    /**
     * A delivery of this lane ended, with what its answer said about the host: adjusts the limit, then returns the
     * next delivery to run in the freed slot, or {@code null} and the slot frees.
     */
    synchronized Pending finished(HostSignal signal, Instant now) {
        running--;
        switch (signal) {
            case KEEPING_UP -> {
                unanswered = 0;
                if (++prompt >= limit) {
                    limit = Math.min(max, limit + 1);
                    prompt = 0;
                }
            }
            case STRAINED -> {
                unanswered = 0;
                prompt = 0;
                limit = Math.max(1, limit / 2);
            }
            case UNREACHABLE -> {
                prompt = 0;
                limit = Math.max(1, limit / 2);
                if (++unanswered >= PAUSE_AFTER) {
                    pausedUntil = now.plus(pause(unanswered));
                    limit = 1; // one delivery probes it when the pause ends
                }
            }
            case NEUTRAL -> unanswered = 0; // the host answered; the notification or the subscriber is at fault
            case NONE -> {
                // nothing reached the host: nothing learnt about it
            }
        }
        return take(now);
    }

    /** Takes out what waits and matches, to be given back. */
    synchronized List<Pending> drop(Predicate<Pending> which) {
        List<Pending> dropped = new ArrayList<>();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext();) {
            Pending pending = it.next();
            if (which.test(pending)) {
                dropped.add(pending);
                it.remove();
            }
        }
        return dropped;
    }

    /** Starts nothing more; returns what waits, to be given back. */
    synchronized List<Pending> close() {
        closed = true;
        List<Pending> unstarted = new ArrayList<>(waiting);
        waiting.clear();
        return unstarted;
    }

    private Pending take(Instant now) {
        if (closed || isPaused(now) || running >= limit || waiting.isEmpty()) {
            return null;
        }
        running++;
        return waiting.poll();
    }

    /** 1 s after the third attempt without an answer in a row, doubling with each further one, 30 s at most. */
    private static Duration pause(int unansweredInARow) {
        int doublings = Math.min(unansweredInARow - PAUSE_AFTER, 5);
        Duration pause = FIRST_PAUSE.multipliedBy(1L << doublings);
        return pause.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause;
    }
}
