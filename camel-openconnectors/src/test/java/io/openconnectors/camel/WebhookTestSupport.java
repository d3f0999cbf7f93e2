package io.openconnectors.camel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.openconnectors.camel.test.CallbackReceiver;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.test.AvailablePortFinder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;

/**
 * A Camel context with the Vert.x platform-http server on a free loopback port, a callback receiver, and an HTTP
 * client playing the vendor.
 */
abstract class WebhookTestSupport extends CamelTestSupport {

    final int port = AvailablePortFinder.getNextAvailable();
    final CallbackReceiver callback = new CallbackReceiver();
    private final HttpClient vendor = HttpClient.newHttpClient();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        VertxPlatformHttpServerConfiguration server = new VertxPlatformHttpServerConfiguration();
        server.setBindHost("127.0.0.1");
        server.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(server));
        return context;
    }

    @AfterEach
    void stopReceiver() {
        context.stop();
        callback.close();
    }

    /** Starts a route from {@code webhookUri} to the callback receiver. */
    void startRoute(String webhookUri) throws Exception {
        String to = "openconnectors:callback:w?callbackUrl=" + callback.url();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(webhookUri).to(to);
            }
        });
    }

    HttpResponse<String> post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        return send("POST", path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    HttpResponse<String> send(String method, String path, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        headers.forEach(request::header);
        return vendor.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
