package io.openconnectors.camel.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A figure read from the store at most once per period, however many ask: health checks and metric scrapes come
 * often, and a grouped count over the notifications should not run for each. A read that failed is kept for the period
 * too, so that a store that is down is not asked by every caller. Thread-safe.
 *
 * @param <T> the figure
 */
public final class PeriodicRead<T> {

    private final Supplier<T> read;
    private final Duration period;
    private final Clock clock;
    private T value;
    private RuntimeException failure;
    private Instant readAt;

    public PeriodicRead(Supplier<T> read, Duration period, Clock clock) {
        this.read = read;
        this.period = period;
        this.clock = clock;
    }

    /**
     * @throws RuntimeException the failure of the last read, when it failed (no figure rather than a stale one)
     */
    public synchronized T get() {
        Instant now = clock.instant();
        if (readAt == null || readAt.plus(period).isBefore(now)) {
            readAt = now;
            try {
                value = read.get();
                failure = null;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
