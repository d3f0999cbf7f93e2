package io.openconnectors.camel.poll;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;

/**
 * How requests to the vendor authenticate: HTTP Basic, a bearer token, or an API key in a header of the vendor's
 * choosing. At most one applies.
 */
sealed interface VendorAuth {

    void apply(HttpRequest request);

    static VendorAuth of(PollConfiguration config) {
        int configured = (config.getUsername() != null ? 1 : 0) + (config.getAccessToken() != null ? 1 : 0)
                         + (config.getApiKey() != null ? 1 : 0);
        if (configured > 1) {
            throw new IllegalArgumentException(
                    "Configure one vendor authentication only: username/password, accessToken or apiKey");
        }
        if (config.getUsername() != null) {
            String password = config.getPassword() == null ? "" : config.getPassword();
            String pair = config.getUsername() + ":" + password;
            return new Header(HttpHeaders.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (config.getAccessToken() != null) {
            return new Header(HttpHeaders.AUTHORIZATION, "Bearer " + config.getAccessToken());
        }
        if (config.getApiKey() != null) {
            return new Header(config.getApiKeyHeader(), config.getApiKey());
        }
        return new None();
    }

    /** The vendor needs no credentials (or they are in the URL). */
    record None() implements VendorAuth {
        @Override
        public void apply(HttpRequest request) {
            // nothing to add
        }
    }

    /** A fixed header; its value is a credential and is never logged. */
    record Header(String name, String value) implements VendorAuth {
        @Override
        public void apply(HttpRequest request) {
            request.setHeader(name, value);
        }

        @Override
        public String toString() {
            return "Header[" + name + "]";
        }
    }
}
