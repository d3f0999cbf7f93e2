package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * The callbacks' health (readiness, in Camel's health-check registry): DOWN while a callback host has failed for
 * longer than a set time, with the host, since when, how many attempts and the last answer; hosts failing for less
 * are listed as details. Not a liveness check: restarting cannot mend a receiver.
 */
public final class CallbackHealthCheck implements HealthCheck {

    private final CallbackFailures failures;
    private final Duration downAfter;
    private final Clock clock;
    private boolean enabled = true;

    public CallbackHealthCheck(CallbackFailures failures, Duration downAfter, Clock clock) {
        this.failures = failures;
        this.downAfter = downAfter;
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
        if (down != null) {
            builder.message(down).down();
        }
        return builder.build();
    }

    /** {@code callback https://h:443 has failed for 312 s (40 attempts; last: HTTP 503)}. */
    public static String summary(String host, CallbackFailures.Failing failing, Instant now) {
        return "callback " + host + " has failed for " + Duration.between(failing.since(), now).toSeconds() + " s ("
               + failing.attempts() + " attempts; last: " + failing.lastFailure() + ")";
    }
}
