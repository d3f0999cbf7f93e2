package io.openconnectors.camel.instance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.openconnectors.camel.http.LoggableUrl;

/**
 * Tells which configuration keys hold secrets, and hides their values wherever a configuration is shown.
 */
public final class SecretMasker {

    public static final String MASK = LoggableUrl.MASK;

    private static final List<String> SECRET_WORDS = List.of(
            "password", "passwd", "pass", "pwd", "secret", "token", "key", "private", "credential", "auth", "cookie",
            "session", "cert");
    /** Short words that are secrets only as a whole segment of the key ({@code pw}, not {@code pwrite}). */
    private static final List<String> SECRET_SEGMENTS = List.of("pw", "pin", "sid");
    private static final List<String> NOT_SECRET_ENDINGS = List.of(".header", ".field", ".format", ".prefix", ".until");

    private SecretMasker() {
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (NOT_SECRET_ENDINGS.stream().anyMatch(lower::endsWith)) {
            return false; // names where a secret goes, or how it is written: not secrets
        }
        return SECRET_WORDS.stream().anyMatch(lower::contains)
               || Arrays.stream(lower.split("[._-]")).anyMatch(SECRET_SEGMENTS::contains);
    }

    /**
     * A copy of the configuration with every secret value replaced by {@link #MASK}, and the credentials URLs may carry
     * (a password in the user info, a token in the query) masked too, also inside nested objects such as
     * {@code event.poller.configuration}.
     */
    public static Map<String, JsonNode> mask(Map<String, JsonNode> configuration) {
        Map<String, JsonNode> masked = new LinkedHashMap<>();
        configuration.forEach((key, value) -> masked.put(key, isSecret(key) ? TextNode.valueOf(MASK) : maskUrls(value)));
        return masked;
    }

    /**
     * The keys whose value holds the mask, anywhere inside it: copied back from an answer, such a value would put the mask
     * where the secret was.
     */
    public static List<String> keysHoldingMask(JsonNode configuration) {
        List<String> keys = new ArrayList<>();
        configuration.fields().forEachRemaining(e -> {
            if (holdsMask(e.getValue())) {
                keys.add(e.getKey());
            }
        });
        return keys;
    }

    private static boolean holdsMask(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue().contains(MASK);
        }
        for (JsonNode child : value) {
            if (holdsMask(child)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode maskUrls(JsonNode value) {
        if (value.isTextual()) {
            return TextNode.valueOf(LoggableUrl.of(value.textValue()));
        }
        if (value.isObject()) {
            ObjectNode copy = value.deepCopy();
            value.fields().forEachRemaining(e -> copy.set(e.getKey(), maskUrls(e.getValue())));
            return copy;
        }
        return value;
    }
}
