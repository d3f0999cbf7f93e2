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
 * about the receiver, not a fault here; a host that fails and recovers over and over still gets one line a minute.
 * Health checks ask since when a host fails; one that nothing has tried for an hour is forgotten. Thread-safe.
 */
public final class CallbackFailures {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackFailures.class);
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    /** A failing host that nothing has tried for this long is forgotten: its callbacks are gone, or wait in the queue. */
    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    /**
     * A host whose last delivery failed.
     *
     * @param since       when its first failure in a row was
     * @param attempts    failed attempts since then
     * @param lastFailure the last answer or error, e.g. {@code HTTP 503}
     */
    public record Failing(Instant since, long attempts, String lastFailure) {
    }

    /** What is known of one host; guarded by itself. Kept while the host is in use, so that reports stay rate-limited. */
    private static final class Host {
        /** The first failure of the current streak; {@code null} while the host answers. */
        private Instant since;
        private Instant lastFailureAt;
        private long attempts;
        private long unreported;
        private String lastFailure;
        private Instant reportedAt;
        /** Whether the current streak was reported: only then is its end worth a line. */
        private boolean streakReported;
    }

    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final Clock clock;

    public CallbackFailures(Clock clock) {
        this.clock = clock;
    }

    /** Notes a delivery to {@code host} that failed with {@code failure} ({@code HTTP 503}, or why it was not sent). */
    public void failed(String host, String failure) {
        Instant now = clock.instant();
        Host known = hosts.computeIfAbsent(host, h -> new Host());
        synchronized (known) {
            if (known.since == null) {
                known.since = now;
                known.attempts = 0;
                known.streakReported = false;
            }
            known.attempts++;
            known.unreported++;
            known.lastFailure = failure;
            known.lastFailureAt = now;
            // at most one line a minute per host, also when it fails and recovers over and over
            if (known.reportedAt == null || !now.isBefore(known.reportedAt.plus(REPORT_EVERY))) {
                LOG.warn("Callback host {} is failing: {} attempts failed since {} ({} since the last report), the last with"
                         + " {}; notifications are retried on their schedule", host, known.attempts, known.since,
                        known.unreported, failure);
                known.unreported = 0;
                known.reportedAt = now;
                known.streakReported = true;
            }
        }
    }

    /** Notes a delivery to {@code host} that succeeded: a failing host is failing no more. */
    public void succeeded(String host) {
        Host known = hosts.get(host);
        if (known == null) {
            return;
        }
        synchronized (known) {
            if (known.since != null && known.streakReported) {
                LOG.info("Callback host {} answers again, after {} failed attempts over {} s", host, known.attempts,
                        Duration.between(known.since, clock.instant()).toSeconds());
            }
            known.since = null;
            known.unreported = 0;
        }
    }

    /** Since when and how {@code host} fails, or empty when its last delivery succeeded (or none was made lately). */
    public Optional<Failing> failing(String host) {
        Host known = hosts.get(host);
        if (known == null) {
            return Optional.empty();
        }
        synchronized (known) {
            if (known.since == null) {
                return Optional.empty();
            }
            if (known.lastFailureAt.isBefore(clock.instant().minus(FORGET_AFTER))) {
                hosts.remove(host, known);
                return Optional.empty();
            }
            return Optional.of(new Failing(known.since, known.attempts, known.lastFailure));
        }
    }

    /** Every failing host, by host. */
    public Map<String, Failing> all() {
        Map<String, Failing> all = new TreeMap<>();
        hosts.keySet().forEach(host -> failing(host).ifPresent(f -> all.put(host, f)));
        return all;
    }

    /** What a failed delivery tells an operator: the status, or why nothing was answered. */
    static String describe(CallbackFailedException e) {
        return e.getStatus() > 0 ? "HTTP " + e.getStatus() : e.getMessage();
    }
}
