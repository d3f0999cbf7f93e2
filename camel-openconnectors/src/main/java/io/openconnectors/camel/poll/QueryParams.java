package io.openconnectors.camel.poll;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

import io.openconnectors.camel.http.UrlEncoding;

/**
 * Sets or reads one query parameter of a URL, leaving the rest of the URL as it was.
 */
final class QueryParams {

    private QueryParams() {
    }

    static String with(String url, String name, String value) {
        int question = url.indexOf('?');
        String path = question < 0 ? url : url.substring(0, question);
        StringJoiner query = new StringJoiner("&");
        if (question >= 0) {
            for (String pair : url.substring(question + 1).split("&")) {
                String pairName = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!pair.isEmpty() && !pairName.equals(name)) {
                    query.add(pair);
                }
            }
        }
        query.add(UrlEncoding.component(name) + "=" + UrlEncoding.component(value));
        return path + "?" + query;
    }

    /** The decoded value of the parameter, or {@code null} when the URL has none. */
    static String get(String url, String name) {
        int question = url.indexOf('?');
        if (question < 0) {
            return null;
        }
        for (String pair : url.substring(question + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

}
