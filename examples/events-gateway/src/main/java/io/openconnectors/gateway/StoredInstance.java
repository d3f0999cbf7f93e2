package io.openconnectors.gateway;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceParser;

/**
 * An instance as the gateway keeps it: its id, the {@code POST /instances} body (secrets included, never shown) and
 * when it was created and last changed.
 */
record StoredInstance(long id, ObjectNode body, Instant created, Instant updated) {

    /** The checked model; the body was checked when stored, so this does not fail. */
    InstanceDefinition definition() {
        return InstanceParser.parse(body);
    }

    String instanceId() {
        return Long.toString(id);
    }
}
