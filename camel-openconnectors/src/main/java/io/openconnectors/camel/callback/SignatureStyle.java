package io.openconnectors.camel.callback;

/**
 * Which signature headers a callback carries when a signature secret is set.
 */
public enum SignatureStyle {
    /** {@code Elements-Webhook-Signature: sha256=<Base64>}, as Open Connectors sends. */
    elements,
    /** Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<Base64>}. */
    standardWebhooks,
    /** Both sets of headers, for receivers moving from one to the other. */
    both
}
