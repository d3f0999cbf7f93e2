package io.openconnectors.camel.event;

/**
 * What happened to a vendor record, as Open Connectors reports it.
 */
public enum EventType {
    CREATED,
    UPDATED,
    DELETED,
    UNKNOWN
}
