package io.openconnectors.camel.poll;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One answer of the vendor's API: the parsed body, the response headers (names in any case), and when it arrived
 * by this machine's clock.
 */
record VendorPage(JsonNode body, Map<String, String> headers, Instant receivedAt) {

    String header(String name) {
        return headers.get(name);
    }

    /** The vendor's clock when it answered: its {@code Date} header (to the second), if it sent a readable one. */
    Optional<Instant> vendorTime() {
        String date = header("Date");
        if (date == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZonedDateTime.parse(date.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
