package io.openconnectors.camel.poll;

import java.time.Instant;
import java.util.Set;

/**
 * Where the next poll of one resource starts, and which changes near that edge were already emitted.
 *
 * @param start    the start of the previous poll (the last poll time of Open Connectors)
 * @param edgeKeys change keys emitted with a date inside the overlap the next poll reads again
 */
record PollWindow(Instant start, Set<String> edgeKeys) {

    PollWindow {
        edgeKeys = Set.copyOf(edgeKeys);
    }
}
