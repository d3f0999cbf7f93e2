package io.openconnectors.camel.store;

import java.time.Instant;

/**
 * A notification a dispatcher claimed: what it needs to deliver it.
 *
 * @param attempts the attempts made before this one, in the current round of retries
 * @param claimId  fences the claim: once it is taken over (the lease ran out), this dispatcher's outcome is ignored
 * @param storedAt when it was stored, for the delivery latency
 */
public record Delivery(
        String eventId, String instanceId, String callbackName, byte[] body, int attempts, String claimId, Instant storedAt) {
}
