package io.openconnectors.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Floods the packaged gateway ({@code -Xmx512m}) with unauthenticated 15 MiB API bodies, as an attacker would, and
 * measures what users see meanwhile: how fast health answers and how much memory the process holds. The baseline is
 * the same gateway, in the same run, with no flood. Then holds connections open with half-sent bodies and measures
 * how long the gateway keeps them.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.FloodBenchmark [seconds] [half-sent] [gateway jar]}
 */
public final class FloodBenchmark {

    private static final String TOKEN = "bench-token";
    private static final int BODY = 15 * 1024 * 1024;
    private static final byte[] CHUNK = new byte[64 * 1024];

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int halfSent = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Path jar = Path.of(args.length > 2 ? args[2] : "examples/events-gateway/target/events-gateway.jar");
        new FloodBenchmark().run(seconds, halfSent, jar);
        System.exit(0);
    }

    private void run(int seconds, int halfSent, Path gatewayJar) throws Exception {
        if (!Files.exists(gatewayJar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (no " + gatewayJar + ")");
        }
        int port = Sut.freePort();
        try (Sut gateway = Sut.start("gateway", Sut.jvmOptions("-Xmx512m"), List.of("-jar", gatewayJar.toString()),
                Map.of("CAMEL_SERVER_PORT", Integer.toString(port), "CAMEL_SERVER_HOST", "127.0.0.1",
                        "OPENCONNECTORS_DATA_DIR", Files.createTempDirectory("bench-flood").toString(),
                        "OPENCONNECTORS_API_TOKEN", TOKEN, "OPENCONNECTORS_IDLE_TIMEOUT", "5"), port)
                .awaitReady("/observe/health", Duration.ofSeconds(60))) {
            System.out.println("| flood | requests answered | statuses | health p50 ms | health p99 ms | health max ms | "
                               + "health failures | max RSS MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.println(round(gateway, 0, seconds));
            System.out.println(round(gateway, 64, seconds));
            System.out.println(round(gateway, 256, seconds));
            System.out.println(round(gateway, 0, seconds));
            System.out.println();
            halfSent(gateway, webhookPath(gateway), halfSent);
        }
    }

    /** {@code senders} clients POST 15 MiB bodies without a token, over and over, while health is asked every 100 ms. */
    private String round(Sut gateway, int senders, int seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(Math.max(1, senders));
        for (int i = 0; i < senders; i++) {
            clients.execute(() -> {
                while (running.get()) {
                    statuses.computeIfAbsent(floodOnce(gateway.port), s -> new AtomicLong()).incrementAndGet();
                }
            });
        }
        Latencies health = new Latencies();
        long failures = 0;
        long maxRss = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port
                                                                                        + "/observe/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                health.add(System.nanoTime() - start);
                if (answer.statusCode() != 200) {
                    failures++;
                }
            } catch (IOException e) {
                failures++;
            }
            maxRss = Math.max(maxRss, rssKiB(gateway.pid()));
            Thread.sleep(100); // the probe's pace, not a wait for a condition
        }
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(60, TimeUnit.SECONDS);
        long answered = statuses.values().stream().mapToLong(AtomicLong::get).sum();
        return String.format("| %d concurrent | %,d | %s | %.1f | %.1f | %.1f | %d | %d |", senders, answered, statuses,
                health.percentileMillis(50), health.percentileMillis(99), health.percentileMillis(100), failures,
                maxRss / 1024);
    }

    /** One unauthenticated 15 MiB POST; returns the status, or -1 when the connection broke before an answer. */
    private static int floodOnce(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /instances HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                       + BODY + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                for (int sent = 0; sent < BODY; sent += CHUNK.length) {
                    out.write(CHUNK);
                }
            } catch (IOException closedByServer) {
                // the gateway answered and closed without reading the rest: the point
            }
            return status(socket.getInputStream());
        } catch (IOException e) {
            return -1;
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int read = 0;
        for (int n; read < line.length && (n = in.read(line, read, line.length - read)) > 0;) {
            read += n;
        }
        return read == line.length ? Integer.parseInt(new String(line, 9, 3, StandardCharsets.US_ASCII)) : -1;
    }

    /**
     * Opens {@code count} connections that send headers and half a body, then nothing, and measures when the gateway
     * has closed them all; compares with connections that never finish their headers.
     */
    private void halfSent(Sut gateway, String webhookPath, int count) throws Exception {
        List<Socket> bodies = new ArrayList<>();
        List<Socket> headers = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), gateway.port);
                socket.getOutputStream().write(("POST " + webhookPath + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"a\":")
                        .getBytes(StandardCharsets.US_ASCII));
                bodies.add(socket);
                Socket partial = new Socket(InetAddress.getLoopbackAddress(), gateway.port);
                partial.getOutputStream().write(("POST " + webhookPath + " HTTP/1.1\r\nHost: loc").getBytes(StandardCharsets.US_ASCII));
                headers.add(partial);
            }
            long start = System.nanoTime();
            long rss = rssKiB(gateway.pid());
            int closedBodies = closedWithin(bodies, Duration.ofSeconds(20));
            double seconds = (System.nanoTime() - start) / 1e9;
            int closedHeaders = closedWithin(headers, Duration.ofSeconds(1));
            System.out.printf("| half-sent | connections | closed by the gateway | within s | RSS MiB meanwhile |%n|---|---|---|---|---|%n");
            System.out.printf("| body (headers done, body stalled; idle timeout 5 s) | %d | %d | %.1f | %d |%n", count,
                    closedBodies, seconds, rss / 1024);
            System.out.printf("| headers (never finished) | %d | %d | (still open) | |%n", count, closedHeaders);
        } finally {
            bodies.forEach(FloodBenchmark::close);
            headers.forEach(FloodBenchmark::close);
        }
    }

    /** A webhook instance to send half bodies to: its route waits for the rest of each. */
    private String webhookPath(Sut gateway) throws Exception {
        String instance = "{\"element\": {\"key\": \"flood\"}, \"name\": \"flood\", \"configuration\": {"
                          + "\"event.notification.enabled\": true, \"event.vendor.type\": \"webhooks\","
                          + "\"event.notification.callback.url\": \"http://callback.invalid/events\"}}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port + "/instances"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(instance)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher path = Pattern.compile("\"webhookPath\":\"([^\"]+)\"").matcher(created.body());
        if (created.statusCode() != 200 || !path.find()) {
            throw new IllegalStateException("Cannot create the webhook instance: " + created.statusCode() + " " + created.body());
        }
        return path.group(1);
    }

    /** How many of the sockets the server closed (read returns end of stream, or an answer then end) in time. */
    private static int closedWithin(List<Socket> sockets, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int closed = 0;
        byte[] buffer = new byte[1024];
        for (Socket socket : sockets) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            try {
                InputStream in = socket.getInputStream();
                while (in.read(buffer) >= 0) {
                    // the 408 answer, then the end
                }
                closed++;
            } catch (IOException stillOpen) {
                // timed out: the server keeps it
            }
        }
        return closed;
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return 0;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a load-generator socket
        }
    }
}
