package io.openconnectors.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Host isolation: does one slow callback host delay another? The events gateway (the jar as shipped, H2) runs one
 * webhook instance whose callback is a healthy receiver and {@code hangingHosts} instances whose callbacks never answer
 * (each its own host: a port of its own on loopback, as the gateway keys its host lanes by scheme, host and port). The
 * healthy instance gets {@code rate} webhooks a second for {@code seconds}, first alone, then with 20 webhooks per
 * hanging instance posted just before and 10 a second more to them during the phase; measured: the healthy callback's
 * events/s and latency (webhook sent to callback received), and its p99 against its p99 alone, in the same run.
 * <p>
 * After each phase the harness waits at most 60 s (twice the callbacks' 30 s response timeout) for the healthy events
 * still on their way; those that did not arrive by then are counted as missing, and as slower than all that arrived: a
 * percentile that falls among them is shown as {@code > } the time waited since the phase's last webhook.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.IsolationBenchmark [hangingHosts] [rate]
 * [seconds] [rounds]} (defaults 5, 50, 20, 1), from the project root after {@code mvn -DskipTests package}.
 */
public final class IsolationBenchmark {

    private static final String KEY = "bench-callback-key";
    private static final String TOKEN = "bench-token";
    /** Webhooks waiting for each hanging host when the phase starts. */
    private static final int BACKLOG_PER_HOST = 20;
    /** Webhooks a second to the hanging instances (all together) during the phase. */
    private static final int HANGING_RATE = 10;
    /** The most the harness waits for the healthy events after a phase. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2);
    private final AtomicLong sequence = new AtomicLong();

    /**
     * One phase, the healthy host's figures; a percentile is infinite when it falls among the missing events.
     *
     * @param waitedMillis from the phase's last webhook to the end of the wait: what a missing event took at least
     * @param hung         deliveries the hanging hosts received (and held) during the phase and the wait
     */
    record Result(double eventsPerSecond, double p50, double p99, double max, long expected, long missing,
                  double waitedMillis, long errors, long hung) {
    }

    private IsolationBenchmark() {
    }

    public static void main(String[] args) {
        int hangingHosts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int status = 0;
        try {
            new IsolationBenchmark().run(hangingHosts, rate, seconds, rounds);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // whatever still hangs ends with the harness
    }

    private void run(int hangingHosts, int rate, int seconds, int rounds) throws Exception {
        Path gatewayJar = Path.of("examples/events-gateway/target/events-gateway.jar");
        if (!Files.exists(gatewayJar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (no " + gatewayJar + ")");
        }
        List<Result> alone = new ArrayList<>();
        List<Result> beside = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<HangingReceiver> hanging = new ArrayList<>();
            try (BenchReceiver healthy = new BenchReceiver(KEY); Sut sut = start(gatewayJar)) {
                try {
                    URI healthyHook = sut.createWebhookInstance(TOKEN, "bench healthy", healthy.url(), KEY);
                    List<URI> hangingHooks = new ArrayList<>();
                    for (int i = 1; i <= hangingHosts; i++) {
                        HangingReceiver receiver = new HangingReceiver();
                        hanging.add(receiver);
                        hangingHooks.add(sut.createWebhookInstance(TOKEN, "bench hanging " + i, receiver.url(), KEY));
                    }
                    phase(healthyHook, List.of(), healthy, hanging, Math.min(rate, 100), 5, 0); // warm-up
                    alone.add(phase(healthyHook, List.of(), healthy, hanging, rate, seconds, 0));
                    beside.add(phase(healthyHook, hangingHooks, healthy, hanging, rate, seconds, BACKLOG_PER_HOST));
                    System.out.printf("round %d: alone %s | beside %d hanging %s%n", round, describe(last(alone)),
                            hangingHosts, describe(last(beside)));
                } finally {
                    hanging.forEach(HangingReceiver::close); // before the gateway stops: its hung deliveries end at once
                }
            }
        }
        System.out.printf("%nOne healthy callback host beside %d that never answer: %d webhooks/s to the healthy instance "
                          + "for %d s; %d webhooks per hanging instance waiting at the start, %d/s more to them during "
                          + "the phase; at most %d s wait after (median of %d rounds)%n", hangingHosts, rate, seconds,
                BACKLOG_PER_HOST, HANGING_RATE, WAIT.toSeconds(), rounds);
        System.out.println("| phase | healthy events/s | p50 ms | p99 ms | max ms | missing | healthy p99 / alone p99 |");
        System.out.println("|---|---|---|---|---|---|---|");
        double aloneP99 = median(alone, Result::p99);
        row("healthy alone", alone, aloneP99);
        row("beside " + hangingHosts + " hanging hosts", beside, aloneP99);
    }

    private Sut start(Path gatewayJar) throws Exception {
        int port = Sut.freePort();
        return Sut.start("gateway", Sut.jvmOptions("-Xmx512m"), List.of("-jar", gatewayJar.toString()),
                Map.of("CAMEL_SERVER_PORT", Integer.toString(port), "CAMEL_SERVER_HOST", "127.0.0.1",
                        "OPENCONNECTORS_DATA_DIR", Files.createTempDirectory("bench-gateway").toString(),
                        "OPENCONNECTORS_API_TOKEN", TOKEN, "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32"), port)
                .awaitReady("/observe/health", Duration.ofSeconds(60));
    }

    /** A webhook instance delivering to {@code callbackUrl}; returns where its vendor posts. */

    /**
     * Posts {@code backlog} webhooks to each hanging instance and waits for the gateway's answers (stored), then
     * {@code rate} a second to the healthy instance for {@code seconds} and, if there are hanging instances,
     * {@link #HANGING_RATE} a second to them in turn; then waits, at most {@link #WAIT}, for the healthy events.
     */
    private Result phase(URI healthyHook, List<URI> hangingHooks, BenchReceiver healthy, List<HangingReceiver> hanging,
                         int rate, int seconds, int backlog) throws Exception {
        AtomicLong errors = new AtomicLong();
        AtomicLong hangingErrors = new AtomicLong();
        long hungBefore = hung(hanging);
        List<CompletableFuture<?>> waiting = new ArrayList<>();
        for (URI hook : hangingHooks) {
            for (int i = 0; i < backlog; i++) {
                waiting.add(send(hook, hangingErrors));
            }
        }
        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).orTimeout(60, TimeUnit.SECONDS).join();
        long before = healthy.events.get();
        long total = (long) rate * seconds;
        AtomicLong sent = new AtomicLong();
        healthy.latencies.clear();
        healthy.record(true);
        long start = System.nanoTime();
        ScheduledFuture<?> load = ticker.scheduleAtFixedRate(() -> {
            if (sent.get() < total) {
                sent.incrementAndGet();
                send(healthyHook, errors);
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        AtomicLong turn = new AtomicLong();
        ScheduledFuture<?> disturbance = hangingHooks.isEmpty() ? null : ticker.scheduleAtFixedRate(
                () -> send(hangingHooks.get((int) (turn.getAndIncrement() % hangingHooks.size())), hangingErrors),
                0, 1_000_000_000L / HANGING_RATE, TimeUnit.NANOSECONDS);
        awaitCount(() -> sent.get() >= total, Duration.ofSeconds(seconds + 30L));
        load.cancel(false);
        if (disturbance != null) {
            disturbance.cancel(false);
        }
        long lastSent = System.nanoTime();
        awaitCount(() -> healthy.events.get() - before >= total - errors.get(), WAIT);
        long end = System.nanoTime();
        healthy.record(false);
        long arrived = healthy.events.get() - before;
        long expected = total - errors.get();
        if (hangingErrors.get() > 0) {
            System.out.printf("%d webhooks to the hanging instances were not taken%n", hangingErrors.get());
        }
        return new Result(arrived / ((end - start) / 1e9), healthy.latencies.percentileMillis(50, expected),
                healthy.latencies.percentileMillis(99, expected), healthy.latencies.percentileMillis(100, expected), expected,
                Math.max(0, expected - arrived), (end - lastSent) / 1e6, errors.get(), hung(hanging) - hungBefore);
    }

    private CompletableFuture<HttpResponse<Void>> send(URI target, AtomicLong errors) {
        String body = "{\"id\":\"e-" + sequence.incrementAndGet() + "\",\"type\":\"item.created\",\"sent\":" + System.nanoTime()
                      + "}";
        return http.sendAsync(HttpRequest.newBuilder(target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() >= 300) {
                        errors.incrementAndGet();
                    }
                });
    }

    private static long hung(List<HangingReceiver> hanging) {
        return hanging.stream().mapToLong(receiver -> receiver.requests.get()).sum();
    }

    private static void awaitCount(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20); // the harness waits for the load to pass
        }
    }

    private static Result last(List<Result> results) {
        return results.get(results.size() - 1);
    }

    private static String describe(Result r) {
        return String.format("%.0f ev/s p50 %s ms p99 %s ms max %s ms missing %d of %d, errors %d, deliveries hung %d",
                r.eventsPerSecond(), millis(r.p50(), r.waitedMillis()), millis(r.p99(), r.waitedMillis()),
                millis(r.max(), r.waitedMillis()), r.missing(), r.expected(), r.errors(), r.hung());
    }

    private static void row(String phase, List<Result> results, double aloneP99) {
        double waited = median(results, Result::waitedMillis);
        double p99 = median(results, Result::p99);
        String ratio = Double.isInfinite(p99) ? String.format("> %.0f", waited / aloneP99) : String.format("%.1f", p99 / aloneP99);
        System.out.printf("| %s | %.0f | %s | %s | %s | %.0f of %.0f | %s |%n", phase, median(results, Result::eventsPerSecond),
                millis(median(results, Result::p50), waited), millis(p99, waited),
                millis(median(results, Result::max), waited), median(results, r -> r.missing()),
                median(results, r -> r.expected()), ratio);
    }

    /** A latency, or what it was at least when the event had not arrived at the end of the wait. */
    private static String millis(double value, double waited) {
        return Double.isInfinite(value) ? String.format("> %,.0f", waited) : String.format("%,.1f", value);
    }

    private static double median(List<Result> results, java.util.function.ToDoubleFunction<Result> value) {
        return Latencies.median(results.stream().mapToDouble(value).toArray());
    }
}
