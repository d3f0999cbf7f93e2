package io.openconnectors.camel.poll;

import java.time.Clock;

import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.store.Transactions;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Assembles a {@link PollConsumer} from an endpoint's settings, checking them first.
 */
public final class PollConsumers {

    private PollConsumers() {
    }

    /**
     * @param  resource                                          the polled resource, the events' objectType
     * @param  maxEvents                                         the most events per notification
     * @param  http                                              the endpoint's pooled client
     * @param  windows                                           where poll windows are kept
     * @param  transactions                                      what makes a poll's notifications and window one unit
     * @throws io.openconnectors.camel.InvalidSettingsException naming every option that cannot work
     */
    public static PollConsumer create(
            Endpoint endpoint, Processor processor, EventSource source, String resource, PollConfiguration config,
            int maxEvents, CloseableHttpClient http, StateRepository<String, String> windows, Transactions transactions) {
        PollSettings settings = PollSettings.compile(config);
        Clock clock = Clock.systemUTC();
        VendorClient vendor = new VendorClient(http, VendorAuth.of(config), clock);
        ResourcePoller poller = new ResourcePoller(source, resource, config, settings.url(), vendor, settings.detector(),
                maxEvents);
        return new PollConsumer(endpoint, processor, source, resource, poller,
                new PollWindowStore(windows, source.instanceId(), resource), settings.backfillFrom(), transactions, clock);
    }
}
