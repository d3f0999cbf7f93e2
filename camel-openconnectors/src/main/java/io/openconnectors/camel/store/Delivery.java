package io.openconnectors.camel.store;

/**
 * A notification a dispatcher claimed: what it needs to deliver it.
 *
 * @param attempts the attempts made before this one, in the current round of retries
 * @param claimId  fences the claim: once it is taken over (the lease ran out), this dispatcher's outcome is ignored
 */
public record Delivery(String eventId, String instanceId, String callbackName, byte[] body, int attempts, String claimId) {
}
