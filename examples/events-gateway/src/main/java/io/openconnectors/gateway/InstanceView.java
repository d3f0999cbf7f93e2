package io.openconnectors.gateway;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.instance.EventSection;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.instance.SecretMasker;
import io.openconnectors.camel.instance.VendorType;
import org.apache.camel.health.HealthCheck;

/**
 * An instance as the API shows it: the {@code POST /instances} body with its id and dates, every secret masked; in
 * lists and reads, with its health, backlog and last poll too.
 */
final class InstanceView {

    private InstanceView() {
    }

    static ObjectNode of(StoredInstance stored, InstanceService service) {
        InstanceDefinition definition = stored.definition();
        ObjectNode view = JsonNodeFactory.instance.objectNode();
        view.put("id", stored.id());
        view.put("name", definition.name());
        view.putObject("element").put("key", definition.elementKey());
        definition.tags().forEach(view.putArray("tags")::add);
        Map<String, JsonNode> masked = SecretMasker.mask(new LinkedHashMap<>(definition.configuration()));
        ObjectNode configuration = view.putObject("configuration");
        masked.forEach(configuration::set);
        view.put("createdDate", stored.created().toString());
        view.put("updatedDate", stored.updated().toString());
        view.set("events", events(stored, definition.events(), service));
        return view;
    }

    /**
     * The instance with how it is doing, as the list and the console show it: its health check's state and reason, the
     * notifications it has not delivered yet, and when it last polled (polling instances that have). The last two are
     * left out while the store does not answer: the instances and their health are still shown.
     */
    static ObjectNode withStatus(StoredInstance stored, InstanceService service, Optional<Map<String, Long>> backlogs) {
        ObjectNode view = of(stored, service);
        HealthCheck.Result health = service.health(stored);
        ObjectNode healthView = view.putObject("health").put("status", health.getState().name());
        health.getMessage().ifPresent(reason -> healthView.put("reason", reason));
        backlogs.ifPresent(counts -> view.put("backlog", counts.getOrDefault(stored.instanceId(), 0L)));
        service.lastPoll(stored).ifPresent(at -> view.put("lastPollDate", at.toString()));
        return view;
    }

    private static ObjectNode events(StoredInstance stored, EventSection events, InstanceService service) {
        ObjectNode view = JsonNodeFactory.instance.objectNode().put("enabled", events.enabled());
        if (events.vendorType() != null) {
            view.put("vendorType", events.vendorType() == VendorType.POLLING ? "polling" : "webhooks");
        }
        if (events.enabled() && events.vendorType() == VendorType.WEBHOOK) {
            view.put("webhookPath", InstanceRoutes.webhookPath(stored.definition().elementKey(), stored.instanceId()));
        }
        service.routeIds(stored).forEach(view.putArray("routes")::add);
        service.brokenReason(stored).ifPresent(reason -> view.put("error", reason));
        return view;
    }
}
