package io.openconnectors.gateway;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceParser;

/**
 * An instance as the gateway keeps it: its id, the {@code POST /instances} body (secrets included, never shown),
 * when it was created and last changed, and the checked model of the body, read once.
 */
record StoredInstance(long id, ObjectNode body, Instant created, Instant updated, InstanceDefinition definition) {

    /** Reads the body, which was checked when it was stored, so this does not fail. */
    StoredInstance(long id, ObjectNode body, Instant created, Instant updated) {
        this(id, body, created, updated, InstanceParser.parse(body));
    }

    String instanceId() {
        return Long.toString(id);
    }
}
