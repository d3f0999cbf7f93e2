package io.openconnectors.camel.event;

import io.openconnectors.camel.OpenConnectorsConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultConsumer;

/**
 * Sends one notification through a consumer's route as one exchange, and waits for the outcome: the consumers only
 * acknowledge (move a poll window, answer a webhook 2xx) what the route completed.
 */
public final class NotificationEmitter {

    private NotificationEmitter() {
    }

    /**
     * @param  resource                    the polled resource for the header, or {@code null}
     * @throws NotificationFailedException when the route ended with an exception or marked the exchange rollback-only
     */
    public static void emit(DefaultConsumer consumer, EventNotification notification, String resource) throws Exception {
        Exchange exchange = consumer.createExchange(false);
        try {
            Message message = exchange.getIn();
            message.setBody(notification);
            message.setHeader(OpenConnectorsConstants.EVENT_ID, notification.eventId());
            message.setHeader(OpenConnectorsConstants.INSTANCE_ID, notification.instanceId());
            if (resource != null) {
                message.setHeader(OpenConnectorsConstants.RESOURCE, resource);
            }
            message.setHeader(OpenConnectorsConstants.EVENT_COUNT, notification.events().size());
            consumer.getProcessor().process(exchange);
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                Throwable cause = exchange.getException() != null
                        ? exchange.getException() : new IllegalStateException("exchange marked rollback-only");
                throw new NotificationFailedException(notification.eventId(), cause);
            }
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }
}
