package io.openconnectors.camel.instance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An instance as {@code POST /instances} describes it, checked and typed: see {@link InstanceParser}.
 *
 * @param name          the instance's name
 * @param elementKey    the connector key ({@code element.key})
 * @param tags          the tags, possibly none
 * @param configuration every configuration key as given, secrets included: mask with {@link SecretMasker} before
 *                      showing it
 * @param events        the {@code event.*} section
 */
public record InstanceDefinition(
        String name, String elementKey, List<String> tags, Map<String, JsonNode> configuration, EventSection events) {

    public InstanceDefinition {
        tags = List.copyOf(tags);
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    }
}
