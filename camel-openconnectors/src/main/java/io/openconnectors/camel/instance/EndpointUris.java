package io.openconnectors.camel.instance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes endpoint URIs whose option values reach the endpoint exactly as given: each value goes inside Camel's
 * {@code RAW(...)} (or {@code RAW{...}} when it holds a closing parenthesis), so that macros, quotes, {@code >} and
 * {@code +} in a poller URL survive.
 */
final class EndpointUris {

    private EndpointUris() {
    }

    static String of(String base, Map<String, String> options) {
        StringJoiner query = new StringJoiner("&", base + "?", "").setEmptyValue(base);
        options.forEach((name, value) -> query.add(name + "=" + raw(value)));
        return query.toString();
    }

    private static String raw(String value) {
        if (value.indexOf(')') < 0) {
            return "RAW(" + value + ")";
        }
        if (value.indexOf('}') < 0) {
            return "RAW{" + value + "}";
        }
        // neither raw form can hold both closers: percent-encode, which Camel decodes once
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
