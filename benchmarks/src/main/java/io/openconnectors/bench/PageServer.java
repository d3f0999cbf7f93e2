package io.openconnectors.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in vendor for the polling benchmark: {@code records} changed contacts, served from memory in pages of
 * {@code pageSize} with Open Connectors' {@code nextPage} / {@code Elements-Next-Page-Token} paging. The pages are built
 * once, so serving them costs the benchmark next to nothing.
 */
final class PageServer implements AutoCloseable {

    final List<byte[]> pages = new ArrayList<>();
    final AtomicLong firstRequestNanos = new AtomicLong();
    private final HttpServer server;

    PageServer(int records, int pageSize) throws IOException {
        Instant created = Instant.now().minusSeconds(3600);
        Instant updated = Instant.now().minusSeconds(30);
        for (int from = 0; from < records; from += pageSize) {
            StringBuilder page = new StringBuilder(pageSize * 200).append('[');
            for (int i = from; i < Math.min(records, from + pageSize); i++) {
                page.append(i == from ? "" : ",").append("{\"id\":\"c-").append(i).append("\",\"name\":\"Contact ").append(i)
                        .append("\",\"email\":\"contact").append(i).append("@example.com\",\"stage\":\"lead\",")
                        .append("\"_info\":{\"created\":\"").append(created).append("\",\"lastUpdated\":\"").append(updated)
                        .append("\"}}");
            }
            pages.add(page.append(']').toString().getBytes(StandardCharsets.UTF_8));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/contacts", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/contacts";
    }

    private void handle(HttpExchange exchange) throws IOException {
        firstRequestNanos.compareAndSet(0, System.nanoTime());
        String query = exchange.getRequestURI().getRawQuery();
        int page = 0;
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("nextPage=")) {
                    page = Integer.parseInt(pair.substring("nextPage=".length()));
                }
            }
        }
        byte[] body = page < pages.size() ? pages.get(page) : "[]".getBytes(StandardCharsets.UTF_8);
        if (page + 1 < pages.size()) {
            exchange.getResponseHeaders().set("Elements-Next-Page-Token", Integer.toString(page + 1));
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
