package io.openconnectors.camel.instance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes an endpoint URI whose option values reach the endpoint exactly as given, and keeps secrets out of it.
 * <p>
 * A plain value goes inside Camel's {@code RAW(...)} (or {@code RAW{...}} when it holds a closing parenthesis), so
 * that macros, quotes, {@code >} and {@code +} in a poller URL survive. A secret becomes a reference to a route-local
 * {@link Secret} bean of the same name (Camel gives it a unique id behind the {@code {{name}}} placeholder): Camel
 * logs URIs and template parameters in clear at DEBUG level.
 */
final class EndpointUris {

    private final String base;
    private final StringJoiner query;
    private final Map<String, Secret> secrets = new LinkedHashMap<>();

    EndpointUris(String base) {
        this.base = base;
        this.query = new StringJoiner("&", base + "?", "").setEmptyValue(base);
    }

    EndpointUris option(String name, String value) {
        query.add(name + "=" + raw(value));
        return this;
    }

    /** An option whose value must never be written out: the URI refers to a local bean instead. */
    EndpointUris secret(String name, String value) {
        query.add(name + "=#bean:{{" + name + "}}");
        secrets.put(name, new Secret(value));
        return this;
    }

    String uri() {
        return query.toString();
    }

    /** The local beans the URI refers to, by name. */
    Map<String, Secret> secrets() {
        return secrets;
    }

    @Override
    public String toString() {
        return base;
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
