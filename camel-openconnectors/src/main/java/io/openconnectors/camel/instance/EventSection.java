package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Map;

/**
 * The {@code event.*} keys of an instance's configuration, checked and typed.
 *
 * @param enabled                {@code event.notification.enabled}
 * @param vendorType             {@code event.vendor.type}; {@code null} when events are off and none is given
 * @param callbackUrl            {@code event.notification.callback.url}
 * @param signatureKey           {@code event.notification.signature.key}, or {@code null} for unsigned callbacks
 * @param callbackOptions        the callback endpoint options from the other {@code event.notification.signature.*} keys
 * @param refreshIntervalMinutes {@code event.poller.refresh_interval}, or {@code null} for webhooks
 * @param resources              {@code event.poller.configuration}, in the order given
 * @param vendorOptions          the poll endpoint options that reach the vendor: base URL and credentials
 * @param webhookOptions         the webhook endpoint options from the {@code event.webhook.*} keys
 */
public record EventSection(
        boolean enabled, VendorType vendorType, String callbackUrl, String signatureKey, Map<String, String> callbackOptions,
        Double refreshIntervalMinutes,
        List<PollResource> resources, Map<String, String> vendorOptions, Map<String, String> webhookOptions) {

    public EventSection {
        callbackOptions = Map.copyOf(callbackOptions);
        resources = List.copyOf(resources);
        vendorOptions = Map.copyOf(vendorOptions);
        webhookOptions = Map.copyOf(webhookOptions);
    }

    /** How often to poll, in milliseconds. */
    public long refreshIntervalMillis() {
        return Math.max(1, Math.round(refreshIntervalMinutes * 60_000));
    }
}
