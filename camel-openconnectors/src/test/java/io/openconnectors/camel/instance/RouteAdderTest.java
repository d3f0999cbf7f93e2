package io.openconnectors.camel.instance;

import java.util.List;

import org.apache.camel.Endpoint;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routes are added with the ids given, many in one call, all of them or none.
 */
class RouteAdderTest {

    private DefaultCamelContext context;
    private RouteAdder adder;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
        adder = new RouteAdder(context);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private RouteAdder.Planned route(String id, String from) {
        return new RouteAdder.Planned(id, endpoint(from), endpoint("mock:" + id));
    }

    private Endpoint endpoint(String uri) {
        return context.getEndpoint(uri);
    }

    @Test
    void aBatchIsAddedWithItsIdsAndStarted() throws Exception {
        List<Route> added = adder.addAll(List.of(route("a", "direct:a"), route("b", "direct:b")));

        assertThat(added).extracting(Route::getRouteId).containsExactly("a", "b");
        assertThat(context.getRouteController().getRouteStatus("b")).isEqualTo(ServiceStatus.Started);
        assertThat(context.getRouteDefinitions()).extracting(d -> d.getRouteId()).containsExactly("a", "b");
    }

    @Test
    void aBatchWithARouteThatCannotStartLeavesNoRouteAndNoDefinition() throws Exception {
        // two consumers of one direct endpoint: Camel refuses to start the second, after starting the first ones
        assertThatThrownBy(() -> adder.addAll(List.of(route("a", "direct:a"), route("b", "direct:b"), route("c", "direct:a"))))
                .isInstanceOf(FailedToStartRouteException.class);

        assertThat(context.getRoutes()).isEmpty();
        assertThat(context.getRouteDefinitions()).isEmpty();
        assertThat(adder.addAll(List.of(route("a", "direct:a"), route("c", "direct:c")))).hasSize(2);
    }

    @Test
    void routesAreRefusedWhenTheContextIsNotRunning() throws Exception {
        context.stop();

        assertThatThrownBy(() -> adder.addAll(List.of(route("a", "direct:a"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("the context is not running");
        assertThat(context.getRouteDefinitions()).isEmpty();
    }

    @Test
    void anIdTakenOrGivenTwiceIsRefusedBeforeAnythingIsAdded() throws Exception {
        adder.addAll(List.of(route("a", "direct:a")));

        assertThatThrownBy(() -> adder.addAll(List.of(route("b", "direct:b"), route("a", "direct:x"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("A route with id a exists already");
        assertThatThrownBy(() -> adder.addAll(List.of(route("c", "direct:c"), route("c", "direct:d"))))
                .isInstanceOf(IllegalStateException.class).hasMessage("A route with id c exists already");
        assertThat(context.getRoutes()).extracting(Route::getRouteId).containsExactly("a");
    }
}
