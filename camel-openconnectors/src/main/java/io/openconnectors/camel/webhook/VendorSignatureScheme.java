package io.openconnectors.camel.webhook;

/**
 * How the vendor signs its webhooks.
 */
public enum VendorSignatureScheme {
    /** Not checked. */
    none,
    /** An HMAC of the raw body in one header (vendorSignatureHeader), hex or Base64, with an optional prefix. */
    hmac,
    /** Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature headers, with a timestamp tolerance. */
    standardWebhooks
}
