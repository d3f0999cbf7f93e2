package io.openconnectors.camel.callback;

import io.openconnectors.camel.OpenConnectorsConstants;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.NotificationJson;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * The {@code openconnectors:callback} producer: serialises the notification in the body once, signs those bytes and
 * POSTs them to the callback URL. Anything but a 2xx answer fails the exchange with a
 * {@link CallbackFailedException}, for the route's error handler to see.
 */
public class CallbackProducer extends DefaultProducer {

    private final CallbackSender sender;

    public CallbackProducer(Endpoint endpoint, CallbackSender sender) {
        super(endpoint);
        this.sender = sender;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        EventNotification notification = exchange.getMessage().getMandatoryBody(EventNotification.class);
        int status = sender.send(notification.eventId(), NotificationJson.toBytes(notification));
        exchange.getMessage().setHeader(OpenConnectorsConstants.CALLBACK_STATUS, status);
    }
}
