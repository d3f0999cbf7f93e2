package io.openconnectors.camel.record;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A dotted path into a JSON record, such as {@code _info.lastUpdated} or {@code properties.lastmodifieddate}.
 * A segment made of digits also indexes into an array ({@code items.0.id}).
 */
public final class FieldPath {

    private static final Pattern DOT = Pattern.compile("\\.");

    private final String path;
    private final List<String> segments;

    private FieldPath(String path) {
        this.path = path;
        this.segments = List.of(DOT.split(path));
    }

    /**
     * @throws IllegalArgumentException when the path is blank or has an empty segment
     */
    public static FieldPath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("a field path must not be empty");
        }
        if (path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
            throw new IllegalArgumentException("'" + path + "' has an empty segment");
        }
        return new FieldPath(path);
    }

    /** The value at this path, or {@code null} when any segment is missing or the value is JSON null. */
    public JsonNode resolve(JsonNode record) {
        JsonNode node = record;
        for (String segment : segments) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && isIndex(segment) ? node.get(Integer.parseInt(segment)) : node.get(segment);
        }
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static boolean isIndex(String segment) {
        return !segment.isEmpty() && segment.length() < 10 && segment.chars().allMatch(Character::isDigit);
    }

    @Override
    public String toString() {
        return path;
    }
}
