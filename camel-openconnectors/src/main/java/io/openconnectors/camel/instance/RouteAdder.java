package io.openconnectors.camel.instance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.ModelLifecycleStrategy;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.support.LifecycleStrategySupport;

/**
 * Adds {@code from(endpoint).to(endpoint)} routes to a running context without the steps of Camel's route add whose
 * cost grows with the routes already running, and adds many at once for a restart.
 * <p>
 * Before Camel's model adds a route that has an id, it stops and removes any route of that id, and that removal first
 * gathers the endpoints of every route in the context: the n-th route added costs O(n), about 25 ms at 5,000 routes on
 * a 2-core machine, so 10,000 instances took minutes to restore. A route without an id skips that step. This adder
 * checks itself, in O(1), that no route has the id, lets the model add the route without one, and gives it its id
 * through {@link ModelLifecycleStrategy#onAddRouteDefinition}, which the model calls after that step and before the
 * route is built and started. It learns of the routes built through {@link LifecycleStrategySupport#onRoutesAdd}, as
 * looking one up by id scans every route too. Each call into the model still collects every route's id and looks
 * through every route definition once, so {@link #addAll} pays that once for a batch. What still grows per route is
 * Camel's own start of it, which walks every running route (about 0.7 µs each here).
 */
final class RouteAdder implements ModelLifecycleStrategy {

    /** A route to add: {@code from -> to} under this id. */
    record Planned(String routeId, Endpoint from, Endpoint to) {
    }

    private final CamelContext context;
    private final Model model;
    /**
     * The routes being added and the ids they are given once the model has them. Not guarded by this adder's lock: the
     * model calls {@link #onAddRouteDefinition} holding its own, which {@link #addAll} takes after this one.
     */
    private final Map<RouteDefinition, String> idsToGive = Collections.synchronizedMap(new IdentityHashMap<>());
    /** The routes Camel built for the ids being added, by id. */
    private final Map<String, Route> built = Collections.synchronizedMap(new HashMap<>());

    RouteAdder(CamelContext context) {
        this.context = context;
        this.model = context.getCamelContextExtension().getContextPlugin(Model.class);
        model.addModelLifecycleStrategy(this);
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onRoutesAdd(Collection<Route> routes) {
                for (Route route : routes) {
                    built.replace(route.getRouteId(), null, route);
                }
            }
        });
    }

    /**
     * Adds the routes in one call into Camel's model, into a running context, and starts them in this order. All of
     * them or none: when one cannot start, those already started are stopped and every one is taken out again.
     *
     * @return                       the routes added, in the order planned
     * @throws IllegalStateException when a route with one of these ids exists already, or the context did not build
     *                               the routes (it is not running)
     */
    synchronized List<Route> addAll(List<Planned> routes) throws Exception {
        if (routes.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new HashSet<>();
        for (Planned planned : routes) {
            if (context.getRouteController().getRouteStatus(planned.routeId()) != null || !ids.add(planned.routeId())) {
                throw new IllegalStateException("A route with id " + planned.routeId() + " exists already");
            }
        }
        ids.forEach(id -> built.put(id, null));
        List<RouteDefinition> definitions = new ArrayList<>();
        try {
            context.addRoutes(new RouteBuilder(context) {
                @Override
                public void configure() {
                    for (Planned planned : routes) {
                        RouteDefinition route = from(planned.from());
                        route.to(planned.to());
                        idsToGive.put(route, planned.routeId());
                        definitions.add(route);
                    }
                }
            });
            if (built.containsValue(null)) {
                throw new IllegalStateException("Camel did not build the routes: the context is not running");
            }
            return routes.stream().map(planned -> built.get(planned.routeId())).toList();
        } catch (Exception e) {
            // the model keeps every definition of a failed add, started or not
            for (RouteDefinition definition : definitions) {
                if (definition.getId() != null) {
                    try {
                        model.removeRouteDefinition(definition);
                    } catch (Exception removal) {
                        e.addSuppressed(removal);
                    }
                }
            }
            throw e;
        } finally {
            idsToGive.clear();
            built.keySet().removeAll(ids);
        }
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
        // nothing to forget: ids are given only while routes are being added
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
