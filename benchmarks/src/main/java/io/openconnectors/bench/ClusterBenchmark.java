package io.openconnectors.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Several gateways on one PostgreSQL database, with many polling instances: are they polled once per interval across the
 * nodes, how late, and at what cost to each node and to the database?
 * <p>
 * Starts {@code nodes} packaged gateways on a fresh database, creates {@code instances} polling instances (one resource
 * each, a stand-in vendor that answers {@code []}, refreshed every {@code refreshMinutes}) through {@code POST /instances}
 * spread over the nodes, waits until every node runs them all, then watches {@code minutes}: each resource's polls as the
 * vendor sees them, each node's CPU, and the database's transactions and rows.
 * <p>
 * {@code java -cp benchmarks/target/benchmarks.jar io.openconnectors.bench.ClusterBenchmark [nodes] [instances]
 * [refreshMinutes] [minutes]} (default {@code 3 3000 1 3}); PostgreSQL on 127.0.0.1:5432, user {@code postgres}. The
 * database is analyzed once the instances exist, as autovacuum would; {@code -Dbench.analyze=false} leaves that out.
 */
public final class ClusterBenchmark {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    /** When the vendor was asked for each instance's resource, in milliseconds since the epoch. */
    private final Map<Integer, ConcurrentLinkedQueue<Long>> polls = new ConcurrentHashMap<>();
    private final EmptyVendor vendor;

    private ClusterBenchmark() throws IOException {
        // each instance polls /contacts/<i>
        vendor = new EmptyVendor(path -> polls.computeIfAbsent(Integer.parseInt(path.substring("/contacts/".length())),
                i -> new ConcurrentLinkedQueue<>()).add(System.currentTimeMillis()));
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int refreshMinutes = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int minutes = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path jar = Path.of(System.getProperty("bench.gateway.jar", "examples/events-gateway/target/events-gateway.jar"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Build first: mvn -DskipTests package (no " + jar + ")");
        }
        ClusterBenchmark benchmark = new ClusterBenchmark();
        try {
            benchmark.run(jar, nodes, instances, refreshMinutes, minutes);
        } finally {
            benchmark.vendor.close();
        }
        System.exit(0);
    }

    private void run(Path jar, int nodeCount, int instances, int refreshMinutes, int minutes) throws Exception {
        String database = "oc_bench_cluster";
        psql("test", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        psql("test", "CREATE DATABASE " + database);
        List<Sut> nodes = new ArrayList<>();
        try {
            for (int n = 1; n <= nodeCount; n++) {
                int port = Sut.freePort();
                nodes.add(Sut.start("cluster-node" + n, Sut.jvmOptions("-Xmx1g"), List.of("-jar", jar.toString()), Map.of(
                        "CAMEL_SERVER_PORT", Integer.toString(port), "CAMEL_SERVER_HOST", "127.0.0.1",
                        "OPENCONNECTORS_DATA_DIR", Files.createTempDirectory("bench-cluster").toString(),
                        "OPENCONNECTORS_API_TOKEN", TOKEN, "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32",
                        "OPENCONNECTORS_NODE_ID", "node" + n,
                        "OPENCONNECTORS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database,
                        "OPENCONNECTORS_JDBC_USER", "postgres"), port));
            }
            for (Sut node : nodes) {
                node.awaitReady("/observe/health", Duration.ofMinutes(2));
                while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/instances"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    Thread.sleep(200); // still restoring: a harness waiting, not a test
                }
            }
            long createStart = System.nanoTime();
            Latencies posts = new Latencies();
            String vendorUrl = vendor.url();
            for (int i = 1; i <= instances; i++) {
                Sut node = nodes.get(i % nodes.size()); // as a load balancer spreads them
                long sent = System.nanoTime();
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + "/instances"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ScaleApp.pollingInstance(i, vendorUrl, refreshMinutes))).build(),
                        HttpResponse.BodyHandlers.ofString());
                posts.add(System.nanoTime() - sent);
                if (created.statusCode() != 200) {
                    throw new IllegalStateException("POST /instances answered " + created.statusCode() + ": " + created.body());
                }
            }
            double createSeconds = (System.nanoTime() - createStart) / 1e9;
            long everywhereStart = System.nanoTime();
            for (Sut node : nodes) {
                while (runs(node) < instances) {
                    Thread.sleep(500); // a harness waiting for the nodes, not a test
                }
            }
            double everywhereSeconds = (System.nanoTime() - everywhereStart) / 1e9;
            System.out.printf("CREATED %d instances on %d nodes in %.1f s (POST p50 %.1f ms, p99 %.1f ms); every node ran them all"
                              + " %.1f s later%n", instances, nodes.size(), createSeconds, posts.percentileMillis(50),
                    posts.percentileMillis(99), everywhereSeconds);

            // statistics for the planner, as autovacuum gathers them once tables grow (it may be off: -Dbench.analyze=false
            // shows what stale statistics cost)
            if (Boolean.parseBoolean(System.getProperty("bench.analyze", "true"))) {
                psql(database, "ANALYZE");
            }
            // one interval to settle, then the window
            Thread.sleep(Duration.ofMinutes(refreshMinutes).toMillis());
            polls.clear();
            List<Duration> cpuBefore = nodes.stream().map(Sut::cpuTime).toList();
            long[] dbBefore = databaseCounters(database);
            double dbCpuBefore = databaseCpuSeconds(database);
            long windowStart = System.currentTimeMillis();
            Thread.sleep(Duration.ofMinutes(minutes).toMillis()); // the measurement window
            long windowMillis = System.currentTimeMillis() - windowStart;
            long[] dbAfter = databaseCounters(database);
            double dbCpu = databaseCpuSeconds(database) - dbCpuBefore;

            long intervalMillis = Duration.ofMinutes(refreshMinutes).toMillis();
            double intervals = windowMillis / (double) intervalMillis;
            long total = 0;
            int never = 0;
            int twiceInAnInterval = 0;
            List<Long> lateness = new ArrayList<>();
            for (int i = 1; i <= instances; i++) {
                List<Long> times = new ArrayList<>(polls.getOrDefault(i, new ConcurrentLinkedQueue<>()));
                Collections.sort(times);
                total += times.size();
                never += times.isEmpty() ? 1 : 0;
                for (int k = 1; k < times.size(); k++) {
                    long gap = times.get(k) - times.get(k - 1);
                    twiceInAnInterval += gap < intervalMillis / 2 ? 1 : 0;
                    lateness.add(Math.max(0, gap - intervalMillis));
                }
            }
            Collections.sort(lateness);
            StringBuilder cpu = new StringBuilder();
            for (int n = 0; n < nodes.size(); n++) {
                double cores = (nodes.get(n).cpuTime().toMillis() - cpuBefore.get(n).toMillis()) / (double) windowMillis;
                cpu.append(String.format("node%d %.3f, ", n + 1, cores));
            }
            double seconds = windowMillis / 1000.0;
            System.out.println();
            System.out.printf("| nodes | instances | refresh | polls per resource per interval | resources never polled | "
                              + "polled twice within half an interval | lateness p50 / p99 / max | CPU per node (cores) | "
                              + "database: commits/s, rows read/s, rows written/s, backends' CPU (cores) |%n");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            System.out.printf("| %d | %,d | %d min | %.3f | %d | %d | %d / %d / %d ms | %s| %.0f, %.0f, %.0f, %.3f |%n", nodes.size(),
                    instances, refreshMinutes, total / (double) instances / intervals, never, twiceInAnInterval,
                    percentile(lateness, 50), percentile(lateness, 99), lateness.isEmpty() ? 0 : lateness.get(lateness.size() - 1),
                    cpu, (dbAfter[0] - dbBefore[0]) / seconds, (dbAfter[1] - dbBefore[1]) / seconds,
                    (dbAfter[2] - dbBefore[2]) / seconds, dbCpu / seconds);
            System.out.println("GET /observe/cluster: " + MAPPER.readTree(get(nodes.get(0), "/observe/cluster")).path("nodes"));
        } finally {
            for (Sut node : nodes) {
                node.close();
            }
            psql("test", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** How many instances the node runs, as its cluster view says. */
    private int runs(Sut node) throws Exception {
        return MAPPER.readTree(get(node, "/observe/cluster")).path("instances").asInt();
    }

    private String get(Sut node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** Commits, rows read (returned) and rows written (inserted, updated, deleted) in the database so far. */
    private static long[] databaseCounters(String database) throws Exception {
        String[] row = psql("test", "SELECT xact_commit, tup_returned, tup_inserted + tup_updated + tup_deleted "
                                    + "FROM pg_stat_database WHERE datname = '" + database + "'").trim().split("\\|");
        return new long[] { Long.parseLong(row[0]), Long.parseLong(row[1]), Long.parseLong(row[2]) };
    }

    /** CPU seconds used so far by the PostgreSQL backends serving the database (its pooled connections live long). */
    private static double databaseCpuSeconds(String database) throws Exception {
        double seconds = 0;
        for (String pid : psql("test", "SELECT pid FROM pg_stat_activity WHERE datname = '" + database + "'").trim().split("\n")) {
            if (pid.isBlank()) {
                continue;
            }
            try {
                String[] stat = Files.readString(Path.of("/proc", pid.trim(), "stat")).split("\\) ")[1].split(" ");
                seconds += (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0; // utime, stime in clock ticks
            } catch (IOException gone) {
                // a backend that ended
            }
        }
        return seconds;
    }

    private static String psql(String database, String sql) throws Exception {
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-tAq", "-c", sql)
                .redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return output;
    }
}
