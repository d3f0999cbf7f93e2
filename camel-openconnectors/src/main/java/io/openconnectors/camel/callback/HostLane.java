package io.openconnectors.camel.callback;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

import io.openconnectors.camel.store.Delivery;

/**
 * The deliveries to one callback host: at most {@code limit} at a time, and as many again claimed and waiting, so that
 * a delivery that ends is followed at once by the next one rather than at the dispatcher's next claim.
 */
final class HostLane {

    /** A claimed delivery, the sender that delivers it, and when it was claimed. */
    record Pending(Delivery delivery, CallbackSender sender, Instant claimedAt) {
    }

    private final int limit;
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private int running;
    private boolean closed;

    HostLane(int limit) {
        this.limit = limit;
    }

    /** How many more deliveries this lane takes: to run, or to wait for a slot. */
    synchronized int room() {
        return 2 * limit - held();
    }

    /** The deliveries this lane holds: running, or waiting for a slot. */
    synchronized int held() {
        return running + waiting.size();
    }

    /** Adds a claimed delivery; returns the delivery to start now when a slot is free. */
    synchronized Pending add(Pending pending) {
        waiting.add(pending);
        return take();
    }

    /** A delivery of this lane ended: returns the next one to run in its slot, or {@code null} and the slot frees. */
    synchronized Pending finished() {
        running--;
        return take();
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

    private Pending take() {
        if (closed || running >= limit || waiting.isEmpty()) {
            return null;
        }
        running++;
        return waiting.poll();
    }
}
