package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The callbacks' health (readiness, in Camel's health-check registry): DOWN while a callback host has failed for
 * longer than a set time, with the host, since when, how many attempts and the last answer (hosts failing for less
 * are listed as details), or while an instance's backlog in the store passes a bound. Not a liveness check:
 * restarting cannot mend a receiver.
 */
public final class CallbackHealthCheck implements HealthCheck {

    private final CallbackFailures failures;
    private final Duration downAfter;
    private final InstanceBacklogs backlogs;
    private final long backlogDownAbove;
    private final Clock clock;
    private boolean enabled = true;

    /**
     * @param backlogs         the store's backlogs, or {@code null} without a store
     * @param backlogDownAbove the backlog of one instance that makes the check DOWN; 0 for no bound
     */
    public CallbackHealthCheck(CallbackFailures failures, Duration downAfter, InstanceBacklogs backlogs, long backlogDownAbove,
                               Clock clock) {
        this.failures = failures;
        this.downAfter = downAfter;
        this.backlogs = backlogs;
        this.backlogDownAbove = backlogDownAbove;
        this.clock = clock;
    }

    @Override
    public String getGroup() {
        return "openconnectors";
    }

    @Override
    public String getId() {
        return "callbacks";
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public Result call(Map<String, Object> options) {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this).up();
        Instant now = clock.instant();
        String down = null;
        for (Map.Entry<String, CallbackFailures.Failing> host : failures.all().entrySet()) {
            CallbackFailures.Failing failing = host.getValue();
            String summary = summary(host.getKey(), failing, now);
            builder.detail("failing." + host.getKey(), summary);
            if (down == null && failing.since().isBefore(now.minus(downAfter))) {
                down = summary;
            }
        }
        if (down == null && backlogs != null && backlogDownAbove > 0) {
            down = overBound();
        }
        if (down != null) {
            builder.message(down).down();
        }
        return builder.build();
    }

    /** The first instance whose backlog passes the bound; {@code null} when none does or the store does not answer. */
    private String overBound() {
        try {
            return backlogs.byInstance().entrySet().stream().filter(backlog -> backlog.getValue() > backlogDownAbove)
                    .findFirst().map(over -> InstanceBacklogs.summary(over.getKey(), over.getValue(), backlogDownAbove))
                    .orElse(null);
        } catch (RuntimeException storeDown) {
            return null; // the event store's own check says so
        }
    }

    /** {@code callback https://h:443 has failed for 312 s (40 attempts; last: HTTP 503)}. */
    public static String summary(String host, CallbackFailures.Failing failing, Instant now) {
        return "callback " + host + " has failed for " + Duration.between(failing.since(), now).toSeconds() + " s ("
               + failing.attempts() + " attempts; last: " + failing.lastFailure() + ")";
    }
}
