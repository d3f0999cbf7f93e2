package io.openconnectors.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhook to callback: a load generator on loopback posts vendor webhooks, a receiver counts signed deliveries.
 * Sustained events/s and latency (webhook sent to callback received) at a fixed offered load and at saturation, for
 * the events gateway (durable: stored in H2, then delivered), against (a) a hand-written Camel relay and (b) a bare
 * relay, in the same run, in rounds, medians reported; {@code -Dbench.systems=...,durable hand-written} adds (a'), the
 * hand-written relay storing each webhook in H2 before it answers ({@link DurableHandWrittenRelay}).
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.WebhookBenchmark [rate] [seconds] [rounds]
 * [concurrency]} (defaults 200, 15, 3, 32), from the project root after {@code mvn -DskipTests package}.
 */
public final class WebhookBenchmark {

    private static final String KEY = "bench-callback-key";
    private static final String TOKEN = "bench-token";
    /**
     * {@code -Dbench.postgresql=true}: the gateway stores into a fresh PostgreSQL database {@code oc_bench} on
     * 127.0.0.1:5432 (user {@code postgres}, made again with {@code psql} before each round) instead of its H2 file.
     */
    private static final boolean POSTGRESQL = Boolean.getBoolean("bench.postgresql");
    /**
     * {@code -Dbench.systems=gateway} runs one system only (to profile it); {@code baseline} is the gateway jar named by
     * {@code -Dbench.baseline.jar=...} (an earlier build), to compare two builds in the same run.
     */
    private static final List<String> SYSTEMS = List.of(System.getProperty("bench.systems", "gateway,hand-written,bare relay")
            .split(","));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    /**
     * One measurement of one system; at saturation, CPU per delivered event, in microseconds, of the system under test
     * and of this harness (load generator and receiver), which share the machine (at a fixed rate, idle work and the
     * JIT would dominate it: not measured, 0).
     */
    record Result(double eventsPerSecond, double p50, double p99, long errors, double sutCpuMicros, double harnessCpuMicros) {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        new WebhookBenchmark().run(rate, seconds, rounds, concurrency);
        System.exit(0);
    }

    private void run(int rate, int seconds, int rounds, int concurrency) throws Exception {
        Path gatewayJar = Path.of("examples/events-gateway/target/events-gateway.jar");
        if (!Files.exists(gatewayJar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (no " + gatewayJar + ")");
        }
        Map<String, List<Result>> fixed = new LinkedHashMap<>();
        Map<String, List<Result>> saturated = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String system : SYSTEMS) {
                Path data = Files.createTempDirectory("bench-gateway");
                try (BenchReceiver receiver = new BenchReceiver(KEY); Sut sut = start(system, gatewayJar, receiver, data)) {
                    URI target = isGateway(system) ? sut.createWebhookInstance(TOKEN, "bench webhooks", receiver.url(), KEY)
                            : URI.create("http://127.0.0.1:" + sut.port + "/hook");
                    openLoop(target, receiver, Math.min(rate, 100), 5); // warm-up
                    fixed.computeIfAbsent(system, s -> new ArrayList<>()).add(openLoop(target, receiver, rate, seconds));
                    long fileAfterFixed = storeFileMegabytes(data);
                    CpuMeter saturatedCpu = new CpuMeter(sut);
                    saturated.computeIfAbsent(system, s -> new ArrayList<>())
                            .add(saturatedCpu.perEvent(closedLoop(target, receiver, concurrency, seconds)));
                    System.out.printf("round %d %-12s fixed %s | saturated %s%s%n", round, system,
                            last(fixed.get(system)), last(saturated.get(system)), fileAfterFixed < 0 ? ""
                                    : String.format(" | H2 file %,d MB after the fixed rate, %,d MB after saturation",
                                            fileAfterFixed, storeFileMegabytes(data)));
                } finally {
                    // under load the H2 file holds gigabytes
                    Folders.delete(data);
                }
            }
        }
        print("Fixed offered load: " + rate + " webhooks/s for " + seconds + " s", fixed);
        print("Saturation: " + concurrency + " concurrent senders for " + seconds + " s", saturated);
    }

    /** The size of the gateway's H2 file in {@code data}; -1 when there is none (another system, or PostgreSQL). */
    private static long storeFileMegabytes(Path data) throws IOException {
        Path file = data.resolve("events.mv.db");
        return Files.exists(file) ? Files.size(file) / 1_000_000 : -1;
    }

    private Sut start(String system, Path gatewayJar, BenchReceiver receiver, Path data) throws Exception {
        int port = Sut.freePort();
        List<String> jvm = Sut.jvmOptions("-Xmx512m");
        return switch (system) {
            case "gateway", "baseline" -> Sut.start(system, jvm, List.of("-jar", system.equals("gateway") ? gatewayJar.toString()
                    : System.getProperty("bench.baseline.jar")), gatewayEnvironment(port, data), port)
                    .awaitReady("/observe/health", Duration.ofSeconds(60));
            case "durable hand-written" -> Sut.start("durable-hand-written", jvm, Sut.main(DurableHandWrittenRelay.class,
                            Integer.toString(port), receiver.url(), KEY, data.toString()), Map.of(), port)
                    .awaitReady("/nothing", Duration.ofSeconds(60));
            case "hand-written" -> Sut.start("hand-written", jvm,
                    Sut.main(HandWrittenRelay.class, Integer.toString(port), receiver.url(), KEY), Map.of(), port)
                    .awaitReady("/nothing", Duration.ofSeconds(60));
            default -> Sut.start("bare", jvm, Sut.main(BareRelay.class, Integer.toString(port), receiver.url()), Map.of(), port)
                    .awaitReady("/nothing", Duration.ofSeconds(30));
        };
    }

    private static boolean isGateway(String system) {
        return system.equals("gateway") || system.equals("baseline");
    }

    private static Map<String, String> gatewayEnvironment(int port, Path data) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(Map.of("CAMEL_SERVER_PORT", Integer.toString(port),
                "CAMEL_SERVER_HOST", "127.0.0.1",
                "OPENCONNECTORS_DATA_DIR", data.toString(),
                "OPENCONNECTORS_API_TOKEN", TOKEN, "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32"));
        if (POSTGRESQL) {
            for (String sql : List.of("DROP DATABASE IF EXISTS oc_bench", "CREATE DATABASE oc_bench")) {
                Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql)
                        .redirectErrorStream(true).start();
                if (psql.waitFor() != 0) {
                    throw new IllegalStateException("psql " + sql + ": " + new String(psql.getInputStream().readAllBytes()));
                }
            }
            environment.put("OPENCONNECTORS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/oc_bench");
            environment.put("OPENCONNECTORS_JDBC_USER", "postgres");
        }
        return environment;
    }

    /** Sends {@code rate} webhooks a second for {@code seconds}, whatever the answers: the offered load is fixed. */
    private Result openLoop(URI target, BenchReceiver receiver, int rate, int seconds) throws Exception {
        AtomicLong errors = new AtomicLong();
        long sent = (long) rate * seconds;
        AtomicLong sequence = new AtomicLong();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long before = receiver.events.get();
        receiver.latencies.clear();
        receiver.record(true);
        long start = System.nanoTime();
        var task = ticker.scheduleAtFixedRate(() -> {
            if (sequence.get() < sent) {
                inFlight.add(send(target, sequence.incrementAndGet(), errors));
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        awaitCount(() -> sequence.get() >= sent, Duration.ofSeconds(seconds + 30L));
        task.cancel(false);
        awaitCount(() -> receiver.events.get() - before >= sent - errors.get(), Duration.ofSeconds(60));
        double elapsed = (System.nanoTime() - start) / 1e9;
        receiver.record(false);
        return new Result((receiver.events.get() - before) / elapsed, receiver.latencies.percentileMillis(50),
                receiver.latencies.percentileMillis(99), errors.get(), 0, 0);
    }

    /** {@code concurrency} senders, each sending its next webhook as soon as the last one was answered. */
    private Result closedLoop(URI target, BenchReceiver receiver, int concurrency, int seconds) throws Exception {
        AtomicLong errors = new AtomicLong();
        AtomicLong sequence = new AtomicLong(1_000_000_000L);
        AtomicBoolean running = new AtomicBoolean(true);
        receiver.latencies.clear();
        long before = receiver.events.get();
        receiver.record(true);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            sendLoop(target, sequence, errors, running);
        }
        awaitCount(() -> false, Duration.ofSeconds(seconds));
        running.set(false);
        long delivered = receiver.events.get() - before;
        double elapsed = (System.nanoTime() - start) / 1e9;
        receiver.record(false);
        awaitCount(() -> false, Duration.ofSeconds(2)); // let the last requests end before the next measurement
        return new Result(delivered / elapsed, receiver.latencies.percentileMillis(50), receiver.latencies.percentileMillis(99),
                errors.get(), 0, 0);
    }

    /** CPU used by the system under test and by this harness from its creation to a measurement's end. */
    private static final class CpuMeter {
        private final Sut sut;
        private final long sutStart;
        private final long harnessStart;
        private final long wallStart = System.nanoTime();

        CpuMeter(Sut sut) {
            this.sut = sut;
            this.sutStart = sut.cpuTime().toNanos();
            this.harnessStart = harnessCpuNanos();
        }

        /** The result with the CPU per delivered event (events = rate x the wall time measured here). */
        Result perEvent(Result result) {
            double events = result.eventsPerSecond() * (System.nanoTime() - wallStart) / 1e9;
            return new Result(result.eventsPerSecond(), result.p50(), result.p99(), result.errors(),
                    (sut.cpuTime().toNanos() - sutStart) / 1e3 / events, (harnessCpuNanos() - harnessStart) / 1e3 / events);
        }

        private static long harnessCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private void sendLoop(URI target, AtomicLong sequence, AtomicLong errors, AtomicBoolean running) {
        if (running.get()) {
            send(target, sequence.incrementAndGet(), errors).whenComplete((r, e) -> sendLoop(target, sequence, errors, running));
        }
    }

    private CompletableFuture<HttpResponse<Void>> send(URI target, long sequence, AtomicLong errors) {
        String body = "{\"id\":\"e-" + sequence + "\",\"type\":\"item.created\",\"sent\":" + System.nanoTime() + "}";
        return http.sendAsync(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() >= 300) {
                        errors.incrementAndGet();
                    }
                });
    }

    private static void awaitCount(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the harness waits for the load to pass
        }
    }

    private static String last(List<Result> results) {
        Result r = results.get(results.size() - 1);
        return String.format("%.0f ev/s p50 %.1f ms p99 %.1f ms errors %d CPU %.0f us/event (harness %.0f)",
                r.eventsPerSecond(), r.p50(), r.p99(), r.errors(), r.sutCpuMicros(), r.harnessCpuMicros());
    }

    private static void print(String title, Map<String, List<Result>> results) {
        System.out.printf("%n%s (median of %d rounds)%n", title, results.values().iterator().next().size());
        System.out.printf("| %-12s | %10s | %9s | %9s | %11s | %11s | %15s | %15s |%n", "system", "events/s", "p50 ms",
                "p99 ms", "ours/this", "errors", "CPU us/event", "harness us/ev");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double ours = results.containsKey("gateway") ? median(results.get("gateway"), Result::eventsPerSecond) : Double.NaN;
        results.forEach((system, list) -> {
            double eps = median(list, Result::eventsPerSecond);
            System.out.printf("| %-12s | %10.0f | %9.1f | %9.1f | %11.2f | %11.0f | %15s | %15s |%n", system, eps,
                    median(list, Result::p50), median(list, Result::p99), ours / eps, median(list, r -> r.errors()),
                    micros(median(list, Result::sutCpuMicros)), micros(median(list, Result::harnessCpuMicros)));
        });
    }

    /** CPU per event, "-" where not measured. */
    private static String micros(double value) {
        return value == 0 ? "-" : String.format("%.0f", value);
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
        return Latencies.median(results.stream().mapToDouble(value).toArray());
    }
}
