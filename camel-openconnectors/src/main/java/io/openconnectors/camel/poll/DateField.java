package io.openconnectors.camel.poll;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;

/**
 * One configured date of a record: where it is, how it is written, and the setting that named it (for messages).
 */
record DateField(String setting, FieldPath path, DateFormatSpec format) {

    /**
     * @throws InvalidRecordException naming the setting, the path and the value when it is missing or unreadable
     */
    Instant read(JsonNode record) throws InvalidRecordException {
        JsonNode value = path.resolve(record);
        if (value == null) {
            throw new InvalidRecordException(setting, path, null, "is missing");
        }
        try {
            return format.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRecordException(setting, path, value, e.getMessage());
        }
    }
}
