package io.openconnectors.camel;

/**
 * The first part of an {@code openconnectors:} URI: what the endpoint does.
 */
public enum EndpointKind {
    /** A consumer that polls the vendor's API for changed records. */
    poll,
    /** A consumer that receives the vendor's webhooks. */
    webhook,
    /** A producer that signs notifications and POSTs them to the subscriber's callback URL. */
    callback
}
