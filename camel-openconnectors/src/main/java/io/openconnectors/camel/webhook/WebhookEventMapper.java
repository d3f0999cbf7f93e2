package io.openconnectors.camel.webhook;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.event.ChangeEvent;

/**
 * Turns a vendor's webhook body into events, for vendors whose payload the mapping options cannot describe: the Camel
 * counterpart of Open Connectors' JavaScript event hooks. Bind one as a bean and set {@code eventMapper=#bean:name}.
 */
@FunctionalInterface
public interface WebhookEventMapper {

    /**
     * @param  body    the parsed JSON body
     * @param  headers the request headers, names in lower case
     * @return         the events; none when the payload holds nothing to report
     */
    List<ChangeEvent> map(JsonNode body, Map<String, String> headers);
}
