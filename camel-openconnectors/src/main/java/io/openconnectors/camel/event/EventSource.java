package io.openconnectors.camel.event;

/**
 * The instance a consumer produces events for: what every notification and log line names.
 *
 * @param instanceId   the instance id; part of the poll window key, so it must stay the same across restarts
 * @param instanceName the instance's name, may be {@code null}
 * @param elementKey   the connector key, may be {@code null}
 */
public record EventSource(String instanceId, String instanceName, String elementKey) {
}
