package io.openconnectors.camel;

import java.net.URI;
import java.net.URISyntaxException;

import io.openconnectors.camel.http.LoggableUrl;

/**
 * Checks a callback URL: absolute http or https with a host.
 */
public final class CallbackUrls {

    private CallbackUrls() {
    }

    /**
     * @param  key                      the setting's name, for the message
     * @throws IllegalArgumentException naming the setting and the value when it is not such a URL
     */
    public static URI parse(String key, String value) {
        try {
            URI uri = new URI(value.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(key + ": '" + LoggableUrl.of(value) + "' is not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + ": '" + LoggableUrl.of(value) + "' is not a URL (" + e.getReason() + ")", e);
        }
    }
}
