package io.openconnectors.camel.poll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.spi.StateRepository;

/**
 * Keeps the poll window of one (instance, resource) in a Camel {@link StateRepository}, as one line of JSON:
 * {@code {"cursor":"2026-11-28T07:00:00Z","vendorClock":true,"edgeKeys":"<Base64>","polledAt":"..."}}, with
 * {@code "sweep":{"nextPage":...,"startedAt":...,"newest":...,"shifted":false}} while a sweep goes on. {@code polledAt}
 * is when the poll that saved the window began, on this machine's clock: none for a window no poll has moved yet.
 * <p>
 * Windows saved by earlier versions, {@code {"start":"...","edge":["9f2c...", ...]}}, read as a cursor on this
 * machine's clock, which the next poll moves onto the vendor's.
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

    /** A saved window, and when the poll that saved it began ({@code null} when none has yet). */
    record Saved(PollWindow window, Instant polledAt) {
    }

    Optional<PollWindow> load() {
        return loadSaved().map(Saved::window);
    }

    Optional<Saved> loadSaved() {
        String json = repository.getState(key);
        if (json == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!node.has("cursor")) {
                List<String> hex = new ArrayList<>();
                node.path("edge").forEach(k -> hex.add(k.asText()));
                return Optional.of(new Saved(
                        new PollWindow(Instant.parse(node.path("start").asText()), false, EdgeKeys.ofHex(hex), null), null));
            }
            JsonNode sweep = node.path("sweep");
            return Optional.of(new Saved(new PollWindow(Instant.parse(node.path("cursor").asText()),
                    node.path("vendorClock").asBoolean(), EdgeKeys.decode(node.path("edgeKeys").asText("")),
                    sweep.isObject() ? new PollWindow.Sweep(sweep.path("nextPage").asText(), instant(sweep, "startedAt"),
                            instant(sweep, "newest"), sweep.path("shifted").asBoolean()) : null),
                    instant(node, "polledAt")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("The saved poll window under " + key + " is unreadable: " + e.getMessage(), e);
        }
    }

    /** Saves a window no poll has moved yet. */
    void save(PollWindow window) {
        save(window, null);
    }

    /** Saves the window a poll that began at {@code polledAt} moved. */
    void save(PollWindow window, Instant polledAt) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("cursor", window.cursor().toString())
                .put("vendorClock", window.vendorClock())
                .put("edgeKeys", window.edge().encode());
        if (polledAt != null) {
            node.put("polledAt", polledAt.toString());
        }
        if (window.sweep() != null) {
            node.putObject("sweep")
                    .put("nextPage", window.sweep().nextPage())
                    .put("startedAt", window.sweep().startedAt() == null ? null : window.sweep().startedAt().toString())
                    .put("newest", window.sweep().newest() == null ? null : window.sweep().newest().toString())
                    .put("shifted", window.sweep().shifted());
        }
        repository.setState(key, node.toString());
    }

    private static Instant instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Instant.parse(node.path(field).asText()) : null;
    }

    private static String encode(String part) {
        return URLEncoder.encode(part == null ? "" : part, StandardCharsets.UTF_8);
    }
}
