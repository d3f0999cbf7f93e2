package io.openconnectors.camel.test;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * A real HTTP server on a free loopback port, recording every request, for tests to stand in for a vendor or a
 * callback receiver. Vert.x rather than the JDK's server, which overwrites a {@code Date} header with its own clock:
 * a stand-in vendor must be able to send its own time.
 */
public abstract class StubServer implements AutoCloseable {

    /** The answer being written: headers to set, then {@link #respond}. */
    protected static final class Exchange {
        private final HttpServerResponse response;
        private final Headers headers = new Headers();

        private Exchange(HttpServerResponse response) {
            this.response = response;
        }

        public Headers getResponseHeaders() {
            return headers;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    protected StubServer() {
        try {
            server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
                    .requestHandler(request -> request.body().onSuccess(body -> executor.execute(() -> serve(request, body))))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start a stub server", e);
        }
    }

    private void serve(HttpServerRequest request, Buffer body) {
        Headers headers = new Headers();
        request.headers().forEach(header -> headers.add(header.getKey(), header.getValue()));
        RecordedRequest recorded = new RecordedRequest(request.method().name(), URI.create(request.uri()), headers,
                body.getBytes(), Instant.now(), request.remoteAddress().port());
        requests.add(recorded);
        try {
            handle(recorded, new Exchange(request.response()));
        } catch (IOException | RuntimeException e) {
            e.printStackTrace(); // a bug in the stub itself: make it visible
            request.response().setStatusCode(500).end();
        }
    }

    protected abstract void handle(RecordedRequest request, Exchange exchange) throws IOException;

    protected static void respond(Exchange exchange, int status, String contentType, byte[] body) {
        if (contentType != null) {
            exchange.headers.set("Content-Type", contentType);
        }
        HttpServerResponse response = exchange.response.setStatusCode(status);
        exchange.headers.forEach((name, values) -> response.putHeader(name, values));
        response.end(Buffer.buffer(body));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
