package io.openconnectors.gateway;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRepository;

/**
 * The instances' health checks, as one repository in Camel's health-check registry. Registering a check per instance
 * cost O(n) each (the registry looks the id up through every check and every route's check first), so the n-th instance
 * created or restored paid for all the others; adding one here is a map insert.
 */
final class InstanceHealthChecks implements HealthCheckRepository, CamelContextAware {

    private final Map<Long, InstanceHealthCheck> checks = new ConcurrentSkipListMap<>();
    private final InstanceService instances;
    private final Clock clock;
    private CamelContext context;
    private boolean enabled = true;

    InstanceHealthChecks(InstanceService instances, Clock clock) {
        this.instances = instances;
        this.clock = clock;
    }

    void add(long id) {
        InstanceHealthCheck check = new InstanceHealthCheck(instances, id, clock);
        check.setCamelContext(context);
        checks.put(id, check);
    }

    void remove(long id) {
        checks.remove(id);
    }

    /** One instance's health as its check sees it now. */
    HealthCheck.Result current(long id) {
        InstanceHealthCheck check = checks.get(id);
        if (check == null) {
            // an instance another node created a moment ago, before this node applied it
            check = new InstanceHealthCheck(instances, id, clock);
            check.setCamelContext(context);
        }
        return check.current();
    }

    @Override
    public Stream<HealthCheck> stream() {
        return enabled ? checks.values().stream().map(HealthCheck.class::cast) : Stream.empty();
    }

    @Override
    public String getId() {
        return "openconnectors-instances";
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
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
