package io.openconnectors.camel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.http.LoggableUrl;

/**
 * Checks a callback URL: absolute http or https with a host, no user info, a port in 1..65535, and no address an egress
 * policy refuses on sight (see {@link EgressPolicy#checkUrl}).
 */
public final class CallbackUrls {

    private CallbackUrls() {
    }

    /**
     * Checks against {@link EgressPolicy#DEFAULT}: what no policy lets through (cloud metadata, link-local, 0.0.0.0).
     *
     * @param  key                      the setting's name, for the message
     * @throws IllegalArgumentException naming the setting and the value when it is not such a URL
     */
    public static URI parse(String key, String value) {
        return parse(key, value, EgressPolicy.DEFAULT);
    }

    /**
     * @param  key                      the setting's name, for the message
     * @param  egress                   the policy whose refusals are known without DNS (literal addresses, localhost)
     * @throws IllegalArgumentException naming the setting and the value when it is not such a URL
     */
    public static URI parse(String key, String value, EgressPolicy egress) {
        problem(key, value, egress).ifPresent(problem -> {
            throw new InvalidOptionException(problem.key(), problem.reason());
        });
        return URI.create(value.trim());
    }

    /** What is wrong with the URL, under {@code key}; empty when it is a callback URL {@code egress} lets through. */
    public static Optional<SettingProblem> problem(String key, String value, EgressPolicy egress) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return Optional.of(new SettingProblem(key, "'" + LoggableUrl.of(value) + "' is not a URL (" + e.getReason() + ")"));
        }
        String scheme = uri.getScheme();
        if (scheme == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || uri.getHost() == null) {
            return Optional.of(new SettingProblem(key, "'" + LoggableUrl.of(value) + "' is not an absolute http(s) URL"));
        }
        return egress.checkUrl(key, uri);
    }
}
