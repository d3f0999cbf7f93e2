package io.openconnectors.camel.poll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.spi.StateRepository;

/**
 * Keeps the poll window of one (instance, resource) in a Camel {@link StateRepository}, as one line of JSON:
 * {@code {"start":"2026-11-28T07:00:00Z","edge":["9f2c...", ...]}}.
 */
final class PollWindowStore {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final StateRepository<String, String> repository;
    private final String key;

    PollWindowStore(StateRepository<String, String> repository, String instanceId, String resource) {
        this.repository = repository;
        // keys may not hold '=' or line breaks in the file repository
        this.key = "openconnectors.poll." + encode(instanceId) + "." + encode(resource);
    }

    Optional<PollWindow> load() {
        String json = repository.getState(key);
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            Set<String> edge = new HashSet<>();
            node.path("edge").forEach(k -> edge.add(k.asText()));
            return Optional.of(new PollWindow(Instant.parse(node.path("start").asText()), edge));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("The saved poll window under " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    void save(PollWindow window) {
        ObjectNode node = MAPPER.createObjectNode().put("start", window.start().toString());
        ArrayNode edge = node.putArray("edge");
        window.edgeKeys().stream().sorted().forEach(edge::add);
        repository.setState(key, node.toString());
    }

    private static String encode(String part) {
        return URLEncoder.encode(part == null ? "" : part, StandardCharsets.UTF_8);
    }
}
