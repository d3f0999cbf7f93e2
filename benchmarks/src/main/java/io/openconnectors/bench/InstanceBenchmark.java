package io.openconnectors.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;


/**
 * What an instance costs to add and to restore as instances accumulate: for each count, a gateway (H2 store) gets that
 * many polling instances through {@code POST /instances}, one at a time; then 200 more, timed; then it is killed and
 * started again on the same data folder, timed until its API answers (all instances restored), three times
 * ({@code -Dbench.restarts=}); after the last restart 200 more, timed. Before the first kill, the whole list
 * ({@code GET /instances}, what the console's instance list reads) is timed too.
 * Each instance polls one resource of a stand-in vendor that answers {@code []}, hourly; with {@code -Dbench.kind=webhook}
 * each is a webhook instance instead.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.InstanceBenchmark [counts]} (default
 * {@code 100,1000,10000}); {@code -Dbench.gateway.jar=...} measures another build of the gateway.
 */
public final class InstanceBenchmark {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final int TIMED = 200;
    /** {@code polling} (one resource, hourly) or {@code webhook} instances. */
    private static final boolean WEBHOOKS = System.getProperty("bench.kind", "polling").equals("webhook");
    /** Calls of {@code GET /instances} (every instance with its health, backlog and last poll) timed per count. */
    private static final int LISTS = 10;
    /** Restarts per count, each after a kill -9; the table shows their median. */
    private static final int RESTARTS = Integer.getInteger("bench.restarts", 3);

    private final HttpClient http = HttpClient.newHttpClient();
    private final EmptyVendor vendor = new EmptyVendor(path -> { });
    private final Path gatewayJar;

    private InstanceBenchmark(Path gatewayJar) throws Exception {
        this.gatewayJar = gatewayJar;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("bench.gateway.jar", "examples/events-gateway/target/events-gateway.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (no " + jar + ")");
        }
        if (RESTARTS < 1) {
            throw new IllegalArgumentException("bench.restarts: " + RESTARTS + " is below the minimum of 1");
        }
        InstanceBenchmark benchmark = new InstanceBenchmark(jar);
        List<String> rows = new ArrayList<>();
        for (String count : (args.length > 0 ? args[0] : "100,1000,10000").split(",")) {
            rows.add(benchmark.measure(Integer.parseInt(count.trim())));
            System.out.println(rows.get(rows.size() - 1));
        }
        System.out.println();
        System.out.println("Instances: " + TIMED + (WEBHOOKS ? " webhook" : " polling")
                           + " instances added to n, through POST /instances, one at a time");
        System.out.println("| instances | create n | add p50 | add p99 | restart until restored (median of " + RESTARTS
                           + ") | add p50 after | add p99 after | GET /instances p50 (" + LISTS + " calls) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        benchmark.vendor.close();
    }

    private String measure(int count) throws Exception {
        Path data = Files.createTempDirectory("bench-instances");
        int port = Sut.freePort();
        Latencies before;
        Latencies list;
        long createNanos;
        try (Sut gateway = start(data, port)) {
            awaitRestored(gateway, port, 404); // no instance yet
            long created = System.nanoTime();
            create(port, 1, count, null);
            createNanos = System.nanoTime() - created;
            before = new Latencies();
            create(port, count + 1, TIMED, before);
            list = list(port);
            gateway.kill();
        }
        List<Long> restarts = new ArrayList<>();
        Latencies after = new Latencies();
        for (int i = 1; i <= RESTARTS; i++) {
            long restarted = System.nanoTime();
            try (Sut gateway = start(data, port)) {
                awaitRestored(gateway, port, 200);
                restarts.add(System.nanoTime() - restarted);
                if (i == RESTARTS) {
                    create(port, count + TIMED + 1, TIMED, after);
                }
                gateway.kill();
            }
        }
        Collections.sort(restarts);
        return String.format("| %,d | %.1f s | %.1f ms | %.1f ms | %.1f s | %.1f ms | %.1f ms | %.1f ms |", count,
                createNanos / 1e9, before.percentileMillis(50), before.percentileMillis(99),
                restarts.get(restarts.size() / 2) / 1e9, after.percentileMillis(50), after.percentileMillis(99),
                list.percentileMillis(50));
    }

    private Sut start(Path data, int port) throws Exception {
        return Sut.start("instances", Sut.jvmOptions("-Xmx3g"), List.of("-jar", gatewayJar.toString()),
                Map.of("CAMEL_SERVER_PORT", Integer.toString(port), "CAMEL_SERVER_HOST", "127.0.0.1",
                        "OPENCONNECTORS_DATA_DIR", data.toString(), "OPENCONNECTORS_API_TOKEN", TOKEN,
                        "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32"),
                port);
    }

    private static String webhookInstance(int i) {
        return """
                {"element": {"key": "crm"}, "name": "instance %d", "configuration": {
                  "event.notification.enabled": true, "event.vendor.type": "webhooks",
                  "event.notification.callback.url": "http://127.0.0.1:9/never-called",
                  "event.webhook.object.type": "contacts"}}""".formatted(i);
    }

    /** Until {@code GET /instances/1} answers {@code status}: the gateway answers 503 while it restores instances. */
    private void awaitRestored(Sut gateway, int port, int status) throws Exception {
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/instances/1"))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build();
        for (long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos(); System.nanoTime() < deadline;) {
            if (!gateway.alive()) {
                throw new IllegalStateException("The gateway exited while restoring");
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == status) {
                    return;
                }
            } catch (java.io.IOException notListening) {
                // not listening yet
            }
            Thread.sleep(50); // a start-up poll in a harness, not a test
        }
        throw new IllegalStateException("The gateway did not restore its instances in 20 minutes");
    }

    /** Times {@code GET /instances}, as the console's instance list asks it. */
    private Latencies list(int port) throws Exception {
        Latencies latencies = new Latencies();
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/instances"))
                .header("Authorization", "Bearer " + TOKEN).build();
        for (int i = 0; i < LISTS; i++) {
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(list, HttpResponse.BodyHandlers.ofString());
            latencies.add(System.nanoTime() - sent);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /instances answered " + answer.statusCode());
            }
        }
        return latencies;
    }

    /** Creates instances {@code first .. first + n - 1}, one at a time, timing each into {@code latencies} if given. */
    private void create(int port, int first, int n, Latencies latencies) throws Exception {
        String vendorUrl = vendor.url();
        URI instances = URI.create("http://127.0.0.1:" + port + "/instances");
        for (int i = first; i < first + n; i++) {
            String body = WEBHOOKS ? webhookInstance(i) : ScaleApp.pollingInstance(i, vendorUrl, 60);
            long sent = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(instances)
                    .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (latencies != null) {
                latencies.add(System.nanoTime() - sent);
            }
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("POST /instances answered " + answer.statusCode() + ": " + answer.body());
            }
        }
    }
}
