package io.openconnectors.camel.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.store.PeriodicRead;

/**
 * What the component counts and times, in Micrometer: polls, webhooks, notifications and their deliveries, and the
 * store's backlog. The names and tags are listed in docs/metrics.md; every meter of a name has the same tags.
 * <p>
 * Poll and webhook meters carry the instance (or {@code all} when per-instance tags are off, for deployments with
 * many thousands of instances); delivery meters carry the callback host, whose number stays small.
 */
public final class EventMetrics {

    /** Records nothing, and keeps nothing: for an application without a meter registry. */
    public static final EventMetrics NONE = new EventMetrics(null, false, Clock.systemUTC());

    private static final String INSTANCE = "instance";
    private static final String HOST = "host";
    /** Histogram buckets of the delivery latency: from a prompt delivery to one that waited out the retries. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofHours(24) };
    /** The backlog is counted in the store; a scrape reads counts at most this old. */
    private static final Duration BACKLOG_FRESHNESS = Duration.ofSeconds(10);

    private final MeterRegistry registry;
    private final boolean perInstance;
    private final Clock clock;

    /**
     * @param registry    where to record, or {@code null} for nowhere
     * @param perInstance whether poll and webhook meters are tagged with their instance
     */
    public EventMetrics(MeterRegistry registry, boolean perInstance, Clock clock) {
        this.registry = registry;
        this.perInstance = perInstance;
        this.clock = clock;
    }

    /** One poll of a resource that read {@code records} records, skipped some and emitted {@code events} events. */
    public void polled(String instanceId, String resource, int records, int skipped, int events, Duration took) {
        if (registry == null) {
            return;
        }
        String instance = instance(instanceId);
        counter("openconnectors.poll.records", "Records read from the vendor", instance, resource).increment(records);
        counter("openconnectors.poll.skipped", "Records skipped: no id, or a date that cannot be read", instance, resource)
                .increment(skipped);
        counter("openconnectors.poll.events", "Change events emitted", instance, resource).increment(events);
        pollTimer(instance, resource, "success").record(took);
    }

    /** A poll that failed: nothing emitted, the window stays. */
    public void pollFailed(String instanceId, String resource, Duration took) {
        if (registry == null) {
            return;
        }
        pollTimer(instance(instanceId), resource, "failure").record(took);
    }

    /**
     * One webhook request answered.
     *
     * @param outcome {@code accepted}, {@code handshake} or {@code refused}
     * @param reason  why it was refused ({@code signature}, {@code too_large}, ...), {@code none} otherwise
     */
    public void webhook(String instanceId, String outcome, String reason) {
        if (registry == null) {
            return;
        }
        Counter.builder("openconnectors.webhooks").description("Webhook requests answered")
                .tags(INSTANCE, instance(instanceId), "outcome", outcome, "reason", reason).register(registry).increment();
    }

    /** Notifications stored for durable delivery. */
    public void stored(String instanceId, int notifications) {
        if (registry == null) {
            return;
        }
        Counter.builder("openconnectors.notifications.stored").description("Notifications stored for delivery")
                .tags(INSTANCE, instance(instanceId)).register(registry).increment(notifications);
    }

    /** One delivery attempt to a callback host: its answer's class ({@code 2xx}, {@code 5xx}, or {@code none}). */
    public void attempt(String host, int status, Duration took) {
        if (registry == null) {
            return;
        }
        Timer.builder("openconnectors.delivery.attempt").description("Delivery attempts to callback hosts")
                .tags(HOST, host, "status", status <= 0 ? "none" : status / 100 + "xx").register(registry).record(took);
    }

    /** What became of a notification after an attempt: {@code delivered}, {@code retried} or {@code queued}. */
    public void outcome(String host, String outcome) {
        if (registry == null) {
            return;
        }
        Counter.builder("openconnectors.notifications").description("What became of notifications after an attempt")
                .tags(HOST, host, "outcome", outcome).register(registry).increment();
    }

    /** A notification delivered, {@code storedAt} being when it was stored (or produced, without a store). */
    public void delivered(String host, Instant storedAt) {
        if (registry == null) {
            return;
        }
        outcome(host, "delivered");
        Timer.builder("openconnectors.delivery.latency").description("From stored to delivered")
                .tags(HOST, host).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                .record(Duration.between(storedAt, clock.instant()).abs());
    }

    /**
     * Gauges of the notifications in each status, read from the store at most every ten seconds.
     *
     * @return the gauges, to remove when the store goes
     */
    public List<Meter> backlog(Supplier<Map<NotificationStatus, Long>> counts) {
        if (registry == null) {
            return List.of();
        }
        PeriodicRead<Map<NotificationStatus, Long>> cached = new PeriodicRead<>(counts, BACKLOG_FRESHNESS, clock);
        List<Meter> gauges = new ArrayList<>();
        for (NotificationStatus status : NotificationStatus.values()) {
            gauges.add(Gauge.builder("openconnectors.notifications.backlog", cached, c -> count(c, status))
                    .description("Notifications in the store by status").tags("status", status.name())
                    .strongReference(true).register(registry));
        }
        return gauges;
    }

    public void remove(List<Meter> meters) {
        if (registry != null) {
            meters.forEach(registry::remove);
        }
    }

    private Counter counter(String name, String description, String instance, String resource) {
        return Counter.builder(name).description(description).tags(INSTANCE, instance, "resource", resource).register(registry);
    }

    private Timer pollTimer(String instance, String resource, String outcome) {
        return Timer.builder("openconnectors.poll").description("Polls of a resource")
                .tags(INSTANCE, instance, "resource", resource, "outcome", outcome).register(registry);
    }

    /** One status's count; when the store does not answer, no figure rather than a stale one. */
    private static double count(PeriodicRead<Map<NotificationStatus, Long>> counts, NotificationStatus status) {
        try {
            return counts.get().getOrDefault(status, 0L);
        } catch (RuntimeException storeDown) {
            return Double.NaN;
        }
    }

    private String instance(String instanceId) {
        return !perInstance ? "all" : instanceId == null || instanceId.isEmpty() ? "none" : instanceId;
    }
}
