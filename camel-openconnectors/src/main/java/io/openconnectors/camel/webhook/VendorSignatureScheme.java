package io.openconnectors.camel.webhook;

/**
 * How the vendor signs its webhooks.
 */
public enum VendorSignatureScheme {
    /** Not checked. */
    none,
    /** An HMAC as the vendorSignature* options describe it, set by hand or by vendorSignaturePreset. */
    hmac,
    /** Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature headers, with a timestamp tolerance. */
    standardWebhooks
}
