package io.openconnectors.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A callback host that never answers, on loopback: it reads each request and keeps the exchange open, unanswered,
 * until it is closed. No thread waits for an exchange (they are only kept), so it hangs any number of requests.
 */
final class HangingReceiver implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Queue<HttpExchange> held = new ConcurrentLinkedQueue<>();
    /** Requests received, all left unanswered. */
    final AtomicLong requests = new AtomicLong();

    HangingReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.readAllBytes(); // the whole request is sent: only the answer never comes
        }
        requests.incrementAndGet();
        held.add(exchange);
    }

    @Override
    public void close() {
        server.stop(0); // closes every connection, the held ones too
        for (HttpExchange exchange = held.poll(); exchange != null; exchange = held.poll()) {
            try {
                exchange.close();
            } catch (RuntimeException alreadyClosed) {
                // its connection went with the server
            }
        }
        executor.shutdownNow();
    }
}
