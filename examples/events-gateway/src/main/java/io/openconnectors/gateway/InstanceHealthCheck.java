package io.openconnectors.gateway;

import java.util.Map;

import io.openconnectors.camel.instance.InstanceRoutes;
import org.apache.camel.ServiceStatus;
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

    InstanceHealthCheck(InstanceService instances, long id) {
        super("openconnectors", "instance-" + id);
        this.instances = instances;
        this.id = id;
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
        String callbackDown = instances.callbackDown(instance).or(() -> instances.backlogDown(instance)).orElse(null);
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
}
