package io.openconnectors.camel.test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.Headers;

/**
 * A request one of the stand-in servers received.
 */
public record RecordedRequest(String method, URI uri, Headers headers, byte[] body, Instant receivedAt, int remotePort) {

    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, String> query() {
        return Exchanges.query(uri);
    }
}
