package io.openconnectors.camel.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads JSON that came from outside (an API caller, a vendor's webhook) strictly, and says what is wrong with it in
 * one line that never quotes the input: Jackson's own messages do, and the input may hold a secret.
 * <p>
 * Strict means: nothing after the value, no key twice in an object (which of the two would count is a guess), nesting
 * bounded (a deeply nested body costs stack, not bytes), and decimals read exactly ({@code 1e400} stays a number that
 * a reader can refuse, instead of becoming an Infinity that cannot be written back).
 */
public final class StrictJson {

    private final ObjectMapper mapper;
    private final int maxDepth;

    private StrictJson(int maxDepth) {
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /** A reader that refuses objects and arrays nested deeper than {@code maxDepth}. */
    public static StrictJson nestedAtMost(int maxDepth) {
        return new StrictJson(maxDepth);
    }

    /**
     * @return                          the value; {@code null} for an empty input
     * @throws IllegalArgumentException saying what is wrong (syntax and where, a duplicate key, too deep, not text)
     */
    public JsonNode read(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new IllegalArgumentException("nested deeper than " + maxDepth + " levels, or a number or name too long");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        } catch (IOException e) {
            // e.g. bytes that are no Unicode text at all
            throw new IllegalArgumentException("not JSON text in UTF-8, UTF-16 or UTF-32", e);
        }
    }

    /** As {@link #read(byte[])}, for JSON held in a string. */
    public JsonNode read(String json) {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(JsonProcessingException e) {
        String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                ? "a key appears twice in one object" : "syntax error";
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
