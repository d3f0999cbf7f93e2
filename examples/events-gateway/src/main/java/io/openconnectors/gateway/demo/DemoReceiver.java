package io.openconnectors.gateway.demo;

import java.io.PrintStream;

import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import org.apache.camel.Exchange;

/**
 * The demo's callback receiver, after {@code CallbackSignatureCheck} let a notification through: one readable line per
 * delivered event.
 */
final class DemoReceiver {

    private final PrintStream out;

    DemoReceiver(PrintStream out) {
        this.out = out;
    }

    void print(Exchange exchange) {
        EventNotification notification = exchange.getMessage().getBody(EventNotification.class);
        for (ChangeEvent event : notification.events()) {
            out.printf("[demo] delivered  instance %-3s %-22s %-8s %-9s %-6s signature verified  (%s)%n",
                    notification.instanceId(), "(" + notification.instanceName() + ")", event.eventType(),
                    event.objectType(), event.objectId(), notification.eventId().substring(0, 8));
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setBody("");
    }
}
