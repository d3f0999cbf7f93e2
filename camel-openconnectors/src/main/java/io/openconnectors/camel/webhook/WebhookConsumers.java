package io.openconnectors.camel.webhook;

import java.time.Clock;

import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.store.Transactions;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;

/**
 * Assembles a {@link WebhookConsumer} from an endpoint's settings, checking them first.
 */
public final class WebhookConsumers {

    private WebhookConsumers() {
    }

    /**
     * @param  name                                              the endpoint's name; the default path is /events/name
     * @param  maxEvents                                         the most events per notification
     * @param  transactions                                      what makes a webhook's notifications one unit
     * @throws io.openconnectors.camel.InvalidSettingsException naming every option that cannot work
     */
    public static WebhookConsumer create(
            Endpoint endpoint, Processor processor, EventSource source, String name, WebhookConfiguration config,
            int maxEvents, Transactions transactions) {
        WebhookSettings settings = WebhookSettings.compile(source, config, maxEvents, transactions, Clock.systemUTC());
        String path = config.getPath() != null ? config.getPath() : "/events/" + name;
        return new WebhookConsumer(endpoint, processor, path.startsWith("/") ? path : "/" + path, settings);
    }
}
