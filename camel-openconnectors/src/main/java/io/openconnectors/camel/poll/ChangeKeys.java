package io.openconnectors.camel.poll;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openconnectors.camel.event.Sha256;

/**
 * What identifies one change of one record: resource, id, change date and a fingerprint of the record's content,
 * folded into 64 bits. Dates written to the second let two different changes of a record share a date; the
 * fingerprint tells them apart, while a record read twice unchanged gives the same key.
 */
final class ChangeKeys {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final byte[] SEPARATOR = { 0 };

    private ChangeKeys() {
    }

    static long of(String resource, String id, Instant at, JsonNode record) {
        MessageDigest sha256 = Sha256.digest();
        sha256.update(resource.getBytes(StandardCharsets.UTF_8));
        sha256.update(SEPARATOR);
        sha256.update(id.getBytes(StandardCharsets.UTF_8));
        sha256.update(SEPARATOR);
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(at.toEpochMilli()).array());
        sha256.update(SEPARATOR);
        try {
            sha256.update(MAPPER.writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A parsed record cannot be written back", e);
        }
        return ByteBuffer.wrap(sha256.digest()).getLong();
    }

    static String toText(long key) {
        return String.format("%016x", key);
    }
}
