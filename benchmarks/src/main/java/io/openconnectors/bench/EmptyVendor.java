package io.openconnectors.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in vendor with nothing new: every request is answered {@code []}, after {@code onRequest} is told its path.
 */
final class EmptyVendor implements AutoCloseable {

    private static final byte[] EMPTY = "[]".getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    EmptyVendor(Consumer<String> onRequest) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            onRequest.accept(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, EMPTY.length);
            exchange.getResponseBody().write(EMPTY);
            exchange.close();
        });
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
