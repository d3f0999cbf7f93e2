package io.openconnectors.camel.poll;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the vendor's API: the parsed body and the response headers (names in any case).
 */
record VendorPage(JsonNode body, Map<String, String> headers) {

    String header(String name) {
        return headers.get(name);
    }
}
