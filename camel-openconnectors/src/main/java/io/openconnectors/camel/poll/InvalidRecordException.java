package io.openconnectors.camel.poll;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.record.FieldPath;

/**
 * A record that cannot become an event: its id or a date is missing or unreadable. The record is skipped with a
 * warning; the others go on.
 */
final class InvalidRecordException extends Exception {

    private static final int MAX_VALUE_LENGTH = 80;

    InvalidRecordException(String setting, FieldPath path, JsonNode value, String problem) {
        super(setting + " '" + path + "' " + (value == null ? "" : "value " + shorten(value) + " ") + problem, null,
              false, false);
    }

    private static String shorten(JsonNode value) {
        String text = value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
        return text.length() <= MAX_VALUE_LENGTH ? text : text.substring(0, MAX_VALUE_LENGTH) + "…";
    }
}
