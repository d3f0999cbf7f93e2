package io.openconnectors.camel.store;

/**
 * A notification a dispatcher claimed: what it needs to deliver it.
 *
 * @param attempts the attempts made before this one
 */
public record Delivery(String eventId, String instanceId, String sender, byte[] body, int attempts) {
}
