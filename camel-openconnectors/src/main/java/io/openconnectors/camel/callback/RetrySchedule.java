package io.openconnectors.camel.callback;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When failed deliveries are tried again. Retry {@code x} waits {@code unit × base^(factor × x)}, capped at
 * {@code maxDelay}, spread by ± {@code jitter}; Open Connectors' schedule is base 2, factor 3, unit one second:
 * 8 s, 64 s, 512 s, ... A {@code Retry-After} answer is honoured: the retry never comes earlier. After
 * {@code maxRetries} retries the notification is queued.
 */
public record RetrySchedule(int maxRetries, double base, double factor, Duration unit, Duration maxDelay, double jitter) {

    public static final RetrySchedule OPEN_CONNECTORS
            = new RetrySchedule(5, 2, 3, Duration.ofSeconds(1), Duration.ofHours(12), 0.1);

    public RetrySchedule {
        if (maxRetries < 0 || base < 1 || factor < 0 || unit.isNegative() || maxDelay.isNegative() || jitter < 0
                || jitter >= 1) {
            throw new IllegalArgumentException("Invalid retry schedule: " + maxRetries + " retries, base " + base
                                               + ", factor " + factor + ", unit " + unit + ", max delay " + maxDelay
                                               + ", jitter " + jitter);
        }
    }

    /** Whether a notification that failed {@code attempts} times gets another try. */
    public boolean retries(int attempts) {
        return attempts <= maxRetries;
    }

    /**
     * How long to wait before retry number {@code retry} (1 for the first retry).
     *
     * @param retryAfter what the callback asked for, or {@code null}
     * @param random     a source of numbers in [0, 1), for the jitter
     */
    public Duration delayBefore(int retry, Duration retryAfter, DoubleSupplier random) {
        double scheduled = unit.toMillis() * Math.pow(base, factor * retry);
        double spread = scheduled * (1 + jitter * (2 * random.getAsDouble() - 1));
        long millis = (long) Math.min(maxDelay.toMillis(), spread);
        if (retryAfter != null) {
            millis = Math.min(maxDelay.toMillis(), Math.max(millis, retryAfter.toMillis()));
        }
        return Duration.ofMillis(millis);
    }
}
