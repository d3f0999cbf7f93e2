package io.openconnectors.gateway;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.openconnectors.camel.CallbackUrls;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.callback.CallbackHealthCheck;
import io.openconnectors.camel.callback.InstanceBacklogs;
import io.openconnectors.camel.http.LoggableUrl;
import io.openconnectors.camel.instance.InstanceRoutes;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * One instance's health, in Camel's health-check registry (shown at {@code /observe/health}): DOWN when its routes
 * could not start or stopped, when its last poll failed, or when its callback has failed for longer than the
 * component's callbackDownAfter or its backlog passes backlogDownAbove; with the reason in the details.
 */
final class InstanceHealthCheck extends AbstractHealthCheck {

    private final InstanceService instances;
    private final long id;
    private final Clock clock;

    InstanceHealthCheck(InstanceService instances, long id, Clock clock) {
        super("openconnectors", "instance-" + id);
        this.instances = instances;
        this.id = id;
        this.clock = clock;
    }

    /**
     * The check's answer now, for the API's views of an instance: without counting an invocation, so that looking at
     * instances does not change the counts {@code /observe/health} shows.
     */
    HealthCheck.Result current() {
        HealthCheckResultBuilder builder = HealthCheckResultBuilder.on(this);
        doCall(builder, Map.of());
        return builder.build();
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StoredInstance instance;
        try {
            instance = instances.get(Long.toString(id));
        } catch (ApiException gone) {
            builder.detail("instance", id).unknown();
            return;
        }
        builder.detail("instance", id).detail("name", String.valueOf(instance.definition().name()));
        builder.detail("events", instance.definition().events().enabled() ? "on" : "off");
        String broken = instances.brokenReason(instance).orElse(null);
        if (broken != null) {
            builder.message(broken).down();
            return;
        }
        if (instance.definition().events().enabled() && instances.routeIds(instance).isEmpty()) {
            builder.message("events are on but no route runs").down();
            return;
        }
        String callbackDown = callbackDown(instance).or(() -> backlogDown(instance)).orElse(null);
        if (callbackDown != null) {
            builder.message(callbackDown).down();
            return;
        }
        for (InstanceRoutes.RouteHealth route : instances.routeHealth(instance)) {
            if (route.status() != ServiceStatus.Started) {
                builder.message("route " + route.routeId() + " is " + route.status()).down();
                return;
            }
            if (route.vendorClockSkew() != null) {
                // the vendor's clock minus this machine's, to a second: polling follows the vendor's
                builder.detail("vendorClockSkewMs." + route.routeId(), route.vendorClockSkew().toMillis());
            }
            if (route.lastPollFailure() != null) {
                builder.message("the last poll of " + route.routeId() + " failed: " + route.lastPollFailure()).down();
                return;
            }
        }
        builder.up();
    }

    /**
     * Why the instance's callback makes it unhealthy: its host has failed for longer than the component's
     * callbackDownAfter. Empty while it is delivered to, or has failed for less.
     */
    private Optional<String> callbackDown(StoredInstance instance) {
        String url = instance.definition().events().callbackUrl();
        if (url == null || !instance.definition().events().enabled()) {
            return Optional.empty();
        }
        OpenConnectorsComponent component = getCamelContext().getComponent("openconnectors", OpenConnectorsComponent.class);
        String host;
        try {
            host = LoggableUrl.origin(CallbackUrls.parse("event.notification.callback.url", url));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return component.callbackFailures().failing(host)
                .filter(f -> f.since().isBefore(now.minusMillis(component.getCallbackDownAfter())))
                .map(f -> CallbackHealthCheck.summary(host, f, now));
    }

    /**
     * Why the instance's backlog makes it unhealthy: more notifications wait for delivery than the component's
     * backlogDownAbove. Empty under the bound, or while the store does not answer (its own check says so).
     */
    private Optional<String> backlogDown(StoredInstance instance) {
        OpenConnectorsComponent component = getCamelContext().getComponent("openconnectors", OpenConnectorsComponent.class);
        long bound = component.getBacklogDownAbove();
        if (bound <= 0 || component.instanceBacklogs() == null) {
            return Optional.empty();
        }
        try {
            long backlog = component.instanceBacklogs().byInstance().getOrDefault(instance.instanceId(), 0L);
            return backlog > bound ? Optional.of(InstanceBacklogs.summary(instance.instanceId(), backlog, bound))
                    : Optional.empty();
        } catch (RuntimeException storeDown) {
            return Optional.empty();
        }
    }
}
