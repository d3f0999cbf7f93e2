package io.openconnectors.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.VendorStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gateway on a free loopback port with a temporary data folder, a stand-in vendor and a callback receiver,
 * and an HTTP client for its API.
 */
abstract class GatewayTestSupport {

    static final String TOKEN = "test-api-token-0123456789";
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dataDir;

    final VendorStub vendor = new VendorStub();
    final CallbackReceiver callback = new CallbackReceiver();
    final HttpClient http = HttpClient.newHttpClient();
    EventsGateway gateway;
    int port;

    /** A JSON answer: status and body. */
    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    EventsGateway startGateway(String token, String... args) throws Exception {
        port = port == 0 ? freePort() : port;
        // the stand-in vendor and callback receiver listen on loopback
        GatewaySetup setup = new GatewaySetup("127.0.0.1", port, dataDir, token,
                GatewaySetup.Database.h2(dataDir), args.length > 0).withEgressAllow(List.of("127.0.0.1/32"));
        gateway = EventsGateway.start(setup);
        return gateway;
    }

    @AfterEach
    void stopEverything() {
        if (gateway != null) {
            gateway.close();
        }
        vendor.close();
        callback.close();
        System.clearProperty("camel.component.openconnectors.retry-unit");
        System.clearProperty("camel.component.openconnectors.max-retries");
        System.clearProperty("camel.component.openconnectors.callback-down-after");
        System.clearProperty("camel.component.openconnectors.backlog-down-above");
    }

    /** Retries after 8, 64, 512 ms instead of seconds; {@code maxRetries} before queueing. */
    static void compressRetries(int maxRetries) {
        System.setProperty("camel.component.openconnectors.retry-unit", "1");
        System.setProperty("camel.component.openconnectors.max-retries", Integer.toString(maxRetries));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Answer call(String method, String path, Object body) throws Exception {
        return call(method, path, body, "Bearer " + TOKEN);
    }

    Answer call(String method, String path, Object body, String authorization) throws Exception {
        return call(method, path, body, authorization, Map.of());
    }

    Answer call(String method, String path, Object body, String authorization, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        byte[] bytes = body == null ? null
                : body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : MAPPER.writeValueAsBytes(body);
        request.method(method, bytes == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), json(response.body()), response);
    }

    /** The body as JSON; a body that is not JSON becomes a text node, for the assertion to show. */
    private static JsonNode json(String body) {
        if (body.isEmpty()) {
            return MAPPER.nullNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException notJson) {
            return MAPPER.getNodeFactory().textNode(body);
        }
    }

    /** The seed's polling body, placeholders filled, polling the stand-in vendor every 0.005 minutes. */
    ObjectNode seedPolling() throws IOException {
        try (var in = getClass().getResourceAsStream("/instances/seed-polling.json")) {
            ObjectNode body = (ObjectNode) MAPPER.readTree(in);
            ObjectNode configuration = (ObjectNode) body.get("configuration");
            configuration.put("event.notification.callback.url", callback.url());
            configuration.put("base.url", vendor.baseUrl());
            return body;
        }
    }
}
