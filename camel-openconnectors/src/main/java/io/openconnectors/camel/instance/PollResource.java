package io.openconnectors.camel.instance;

import java.util.Map;

/**
 * One entry of {@code event.poller.configuration}: the resource name and its settings as {@code openconnectors:poll}
 * endpoint options (e.g. {@code datesConfiguration.updatedDateField} becomes {@code updatedDateField}).
 */
public record PollResource(String name, Map<String, String> options) {

    public PollResource {
        options = Map.copyOf(options);
    }
}
