package io.openconnectors.camel.instance;

import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.OpenConnectorsEndpoint;
import org.apache.camel.MultipleConsumersSupport;

/**
 * An endpoint of an instance's routes. {@link InstanceRoutes} builds a consumer endpoint for each route, under a URI
 * that belongs to that route's id alone, and {@link RouteAdder} refuses an id that is taken: no two routes consume from
 * one of these, so Camel's check that no other running route consumes from the same endpoint cannot fail for them.
 * That check compares the endpoint with every running route's, each time a route starts: about a fifth of a restart of
 * 10,000 instances. Saying that several consumers are supported is how Camel lets an endpoint skip the comparison (it
 * still walks the running routes).
 */
final class InstanceEndpoint extends OpenConnectorsEndpoint implements MultipleConsumersSupport {

    InstanceEndpoint(String uri, OpenConnectorsComponent component) {
        super(uri, component);
    }

    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }
}
