package io.openconnectors.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.HeaderSignature;

/**
 * The callback receiver of the benchmarks, on loopback: answers 200, checks {@code Elements-Webhook-Signature} when
 * there is one, and takes each delivered event's latency from the send time the load generator wrote into it
 * ({@code "sent":<System.nanoTime()>}, same JVM, same clock).
 */
final class BenchReceiver implements AutoCloseable {

    private static final Pattern SENT = Pattern.compile("\"sent\":(\\d+)");
    private static final Pattern OBJECT_ID = Pattern.compile("\"objectId\":");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HeaderSignature signature;
    final Latencies latencies = new Latencies();
    final AtomicLong deliveries = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong signed = new AtomicLong();
    final AtomicLong badSignatures = new AtomicLong();
    private volatile boolean recording;

    BenchReceiver(String key) throws IOException {
        this.signature = ElementsSignature.of(key);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    /** Latencies are recorded between {@code start()} and {@code stop()}; counts always. */
    void record(boolean on) {
        recording = on;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String header = exchange.getRequestHeaders().getFirst(ElementsSignature.HEADER);
        if (header != null) {
            if (signature.verify(header, body).isValid()) {
                signed.incrementAndGet();
            } else {
                badSignatures.incrementAndGet();
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        deliveries.incrementAndGet();
        Matcher ids = OBJECT_ID.matcher(text);
        int eventsInBody = 0;
        while (ids.find()) {
            eventsInBody++;
        }
        events.addAndGet(Math.max(1, eventsInBody)); // the relays forward the vendor's body: one event each
        if (recording) {
            Matcher sent = SENT.matcher(text);
            while (sent.find()) {
                latencies.add(arrived - Long.parseLong(sent.group(1)));
            }
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
