package io.openconnectors.camel.poll;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * Sets one query parameter of a URL, replacing any earlier value, and leaves the rest of the URL as it was.
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
        query.add(encode(name) + "=" + encode(value));
        return path + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
