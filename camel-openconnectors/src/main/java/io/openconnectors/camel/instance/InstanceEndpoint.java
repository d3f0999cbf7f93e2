package io.openconnectors.camel.instance;

import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.OpenConnectorsEndpoint;
import org.apache.camel.MultipleConsumersSupport;

/**
 * An endpoint of one instance's route. {@link InstanceRoutes} builds one for each route and never lets two routes share
 * it, so Camel's check that no other running route consumes from the same endpoint cannot fail for it. That check
 * compares the endpoint with the endpoint of every running route, each time a route starts: a quarter of a restart
 * of 10,000 instances. Saying that several consumers are supported is how Camel lets an endpoint skip it.
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
