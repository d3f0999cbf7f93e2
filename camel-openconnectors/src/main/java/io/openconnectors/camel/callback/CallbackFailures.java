package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which callback hosts fail, told to operators: one WARN per host per minute while its deliveries fail, with the
 * count and the last answer, and one INFO when it answers again. Never a stack trace: a callback that refuses is news
 * about the receiver, not a fault here. Health checks ask since when a host fails. Thread-safe.
 */
public final class CallbackFailures {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackFailures.class);
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

    /**
     * A host whose last delivery failed.
     *
     * @param since       when its first failure in a row was
     * @param attempts    failed attempts since then
     * @param lastFailure the last answer or error, e.g. {@code HTTP 503}
     */
    public record Failing(Instant since, long attempts, String lastFailure) {
    }

    /** One failing host; guarded by itself. */
    private static final class Streak {
        private final Instant since;
        private long attempts;
        private long unreported;
        private String lastFailure;
        private Instant reportedAt;

        Streak(Instant since) {
            this.since = since;
        }
    }

    private final Map<String, Streak> failing = new ConcurrentHashMap<>();
    private final Clock clock;

    public CallbackFailures(Clock clock) {
        this.clock = clock;
    }

    /** Notes a delivery to {@code host} that failed with {@code failure} ({@code HTTP 503}, or why it was not sent). */
    public void failed(String host, String failure) {
        Instant now = clock.instant();
        Streak streak = failing.computeIfAbsent(host, h -> new Streak(now));
        synchronized (streak) {
            streak.attempts++;
            streak.unreported++;
            streak.lastFailure = failure;
            if (streak.reportedAt == null || !now.isBefore(streak.reportedAt.plus(REPORT_EVERY))) {
                LOG.warn("Callback host {} is failing: {} attempts failed since {} ({} since the last report), the last with"
                         + " {}; notifications are retried on their schedule", host, streak.attempts, streak.since,
                        streak.unreported, failure);
                streak.unreported = 0;
                streak.reportedAt = now;
            }
        }
    }

    /** Notes a delivery to {@code host} that succeeded: a failing host is failing no more. */
    public void succeeded(String host) {
        Streak streak = failing.remove(host);
        if (streak != null) {
            synchronized (streak) {
                LOG.info("Callback host {} answers again, after {} failed attempts over {} s", host, streak.attempts,
                        Duration.between(streak.since, clock.instant()).toSeconds());
            }
        }
    }

    /** Since when and how {@code host} fails, or empty when its last delivery succeeded (or none was made). */
    public Optional<Failing> failing(String host) {
        Streak streak = failing.get(host);
        if (streak == null) {
            return Optional.empty();
        }
        synchronized (streak) {
            return Optional.of(new Failing(streak.since, streak.attempts, streak.lastFailure));
        }
    }

    /** Every failing host, by host. */
    public Map<String, Failing> all() {
        Map<String, Failing> all = new TreeMap<>();
        failing.keySet().forEach(host -> failing(host).ifPresent(f -> all.put(host, f)));
        return all;
    }

    /** What a failed delivery tells an operator: the status, or why nothing was answered. */
    static String describe(CallbackFailedException e) {
        return e.getStatus() > 0 ? "HTTP " + e.getStatus() : e.getMessage();
    }
}
