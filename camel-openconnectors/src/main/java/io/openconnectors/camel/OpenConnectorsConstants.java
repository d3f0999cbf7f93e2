package io.openconnectors.camel;

import org.apache.camel.spi.Metadata;

/**
 * The Camel message headers the component sets and reads.
 */
public final class OpenConnectorsConstants {

    @Metadata(label = "consumer", description = "The notification's eventId (also sent as Elements-Webhook-Id).",
              javaType = "String")
    public static final String EVENT_ID = "CamelOpenConnectorsEventId";
    @Metadata(label = "consumer", description = "The instance the events belong to.", javaType = "String")
    public static final String INSTANCE_ID = "CamelOpenConnectorsInstanceId";
    @Metadata(label = "consumer", description = "The polled resource (the events' objectType).", javaType = "String")
    public static final String RESOURCE = "CamelOpenConnectorsResource";
    @Metadata(label = "consumer", description = "How many events the notification holds.", javaType = "int")
    public static final String EVENT_COUNT = "CamelOpenConnectorsEventCount";
    @Metadata(label = "producer",
              description = "The HTTP status the callback URL answered; set for direct delivery only (with an event store "
                            + "the exchange completes once the notification is stored).",
              javaType = "int")
    public static final String CALLBACK_STATUS = "CamelOpenConnectorsCallbackStatus";

    private OpenConnectorsConstants() {
    }
}
