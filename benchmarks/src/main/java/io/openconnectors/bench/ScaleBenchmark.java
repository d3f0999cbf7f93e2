package io.openconnectors.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Scale: 1,000 and 10,000 polling instances, one resource each, refresh every minute, against a stand-in vendor that
 * answers {@code []} and notes when each instance polled. CPU used, heap per instance, threads, and the scheduling
 * lag: how much later than planned (a minute after the previous poll) each poll came. Compared: poll consumers sharing
 * the component's threads ({@code pollThreads=10}, the default) and a thread each ({@code pollThreads=0}, Camel's
 * default, the "before").
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.ScaleBenchmark [seconds]} (default 200:
 * three polls of every instance).
 */
public final class ScaleBenchmark {

    private static final Pattern RESULT = Pattern.compile("RESULT (.*)");
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final Map<String, List<Long>> polls = new ConcurrentHashMap<>();
    private final HttpServer vendor;

    private ScaleBenchmark() throws IOException {
        vendor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        vendor.setExecutor(Executors.newFixedThreadPool(8));
        vendor.createContext("/contacts/", this::answer);
        vendor.start();
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        ScaleBenchmark benchmark = new ScaleBenchmark();
        List<String> rows = new ArrayList<>();
        for (int instances : new int[] { 1_000, 10_000 }) {
            for (int pollThreads : new int[] { 10, 0 }) {
                rows.add(benchmark.measure(instances, pollThreads, seconds));
                System.out.println(rows.get(rows.size() - 1));
            }
        }
        System.out.printf("%nScale: polling instances refreshed every minute, measured over %d s%n", seconds);
        System.out.println("| instances | poll threads | routes start | CPU (cores) | heap per instance | threads | lag p50 | lag p99 | lag max |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.exit(0);
    }

    private String measure(int instances, int pollThreads, int seconds) throws Exception {
        polls.clear();
        String url = "http://127.0.0.1:" + vendor.getAddress().getPort();
        Sut sut = Sut.start("scale-" + instances, Sut.jvmOptions("-Xmx2g", "-Xss512k"),
                Sut.main(ScaleApp.class, url, Integer.toString(instances), Integer.toString(pollThreads),
                        Integer.toString(seconds)), Map.of(), 0);
        int exit = sut.awaitExit(Duration.ofSeconds(seconds + 600L));
        String output = sut.output();
        Matcher result = RESULT.matcher(output);
        if (exit != 0 || !result.find()) {
            throw new IllegalStateException("The scale run ended with " + exit + ":\n" + output);
        }
        Map<String, String> values = new HashMap<>();
        for (String pair : result.group(1).split(" ")) {
            values.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        Latencies lag = new Latencies();
        for (List<Long> times : polls.values()) {
            for (int i = 1; i < times.size(); i++) {
                lag.add(Math.max(0, times.get(i) - times.get(i - 1) - REFRESH.toNanos()));
            }
        }
        return String.format("| %,d | %s | %s s | %s | %,d B | %s | %.0f ms | %.0f ms | %.0f ms |", instances,
                pollThreads == 0 ? "one per consumer" : pollThreads + " shared", values.get("startSeconds"),
                values.get("cpuCores"), Long.parseLong(values.get("heapPerInstanceBytes")), values.get("threads"),
                lag.percentileMillis(50), lag.percentileMillis(99), lag.percentileMillis(100));
    }

    private void answer(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        polls.computeIfAbsent(path, p -> Collections.synchronizedList(new ArrayList<>())).add(now);
        byte[] body = "[]".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
