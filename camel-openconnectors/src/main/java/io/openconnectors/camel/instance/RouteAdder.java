package io.openconnectors.camel.instance;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;

/**
 * Adds {@code from(endpoint).to(endpoint)} routes to a running context without Camel's replace-by-id step, the part
 * of adding a route whose cost grew fastest with the routes already running.
 * <p>
 * Before Camel's model adds a route that has an id, it stops and removes any route of that id, and that removal first
 * gathers the endpoints of every route in the context: the n-th route added costs O(n), about 25 ms at 5,000 routes on
 * a 2-core machine, so 10,000 instances took minutes to restore. A route without an id skips that step. This adder
 * checks itself, in O(1), that no route has the id, lets the model add the route without one, and gives it its id
 * through {@link ModelLifecycleStrategy#onAddRouteDefinition}, which the model calls after that step and before the
 * route is built and started. What still grows is Camel's own start of a route, which walks every running route
 * (about 0.7 µs each here).
 */
final class RouteAdder implements ModelLifecycleStrategy {

    private final CamelContext context;
    /**
     * The route being added and the id it is given once the model has it. Not guarded by this adder's lock: the model
     * calls {@link #onAddRouteDefinition} holding its own, which {@link #add} takes after this one.
     */
    private final Map<RouteDefinition, String> idsToGive = Collections.synchronizedMap(new IdentityHashMap<>());

    RouteAdder(CamelContext context) {
        this.context = context;
        context.getCamelContextExtension().getContextPlugin(Model.class).addModelLifecycleStrategy(this);
    }

    /**
     * Adds the route {@code from -> to} with this id; it starts at once when the context runs.
     *
     * @return                       the route added
     * @throws IllegalStateException when a route with this id exists already
     */
    synchronized Route add(String routeId, Endpoint from, Endpoint to) throws Exception {
        if (context.getRouteController().getRouteStatus(routeId) != null) {
            throw new IllegalStateException("A route with id " + routeId + " exists already");
        }
        try {
            context.addRoutes(new RouteBuilder(context) {
                @Override
                public void configure() {
                    RouteDefinition route = from(from);
                    route.to(to);
                    idsToGive.put(route, routeId);
                }
            });
        } finally {
            idsToGive.clear();
        }
        return context.getRoute(routeId);
    }

    @Override
    public void onAddRouteDefinition(RouteDefinition route) {
        String routeId = idsToGive.remove(route);
        if (routeId != null) {
            route.routeId(routeId);
        }
    }

    @Override
    public void onRemoveRouteDefinition(RouteDefinition route) {
        // nothing to forget: ids are given only while a route is being added
    }

    @Override
    public void onAddRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are not added here
    }

    @Override
    public void onRemoveRouteTemplateDefinition(RouteTemplateDefinition template) {
        // templates are not added here
    }
}
