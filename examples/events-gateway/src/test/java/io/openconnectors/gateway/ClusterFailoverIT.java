package io.openconnectors.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.CallbackReceiver.Delivery;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failover test: three packaged gateways as separate JVMs on one PostgreSQL database of their own, behind no load
 * balancer but a client that spreads its calls over all three. Two polling instances and a webhook instance are created
 * on the first node; webhooks go to every node; the first node is killed with SIGKILL mid-run, a PATCH is made on the
 * second, and the first comes back. Afterwards every vendor record and every acknowledged webhook must have been
 * delivered (duplicates only under the same {@code Elements-Webhook-Id}), each change seen on every node within 5 s,
 * and each resource polled about once per interval, not once per node.
 * <p>
 * Reproduce: {@code mvn -pl examples/events-gateway -am verify -Dit.test=ClusterFailoverIT}.
 */
class ClusterFailoverIT {

    private static final String TOKEN = "cluster-test-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int NODES = 3;
    private static final int WEBHOOKS = 600;
    private static final int VENDOR_RECORDS = 150;
    /** 0.05 minutes. */
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

    @TempDir
    Path dataDirs;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver receiver = new CallbackReceiver();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService load = Executors.newScheduledThreadPool(8);
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final int[] ports = new int[NODES];
    private String database;

    @AfterEach
    void stop() throws Exception {
        load.shutdownNow();
        for (GatewayProcess node : nodes) {
            node.stop();
        }
        vendor.close();
        receiver.close();
        if (database != null) {
            try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void threeNodesShareInstancesPollOnceAndLoseNothingWhenOneIsKilled() throws Exception {
        database = "oc_cluster_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        for (int n = 0; n < NODES; n++) {
            ports[n] = GatewayTestSupport.freePort();
            Path log = Path.of(System.getProperty("gateway.logs", "target"), "cluster-test-node" + (n + 1) + ".log");
            Files.deleteIfExists(log);
            Path dataDir = Files.createDirectories(dataDirs.resolve("node" + (n + 1)));
            nodes.add(new GatewayProcess(Path.of(System.getProperty("gateway.jar")), ports[n], Map.of(
                    "OPENCONNECTORS_DATA_DIR", dataDir.toString(), "OPENCONNECTORS_API_TOKEN", TOKEN,
                    "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32", "OPENCONNECTORS_NODE_ID", "node" + (n + 1),
                    "OPENCONNECTORS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + database, "OPENCONNECTORS_JDBC_USER", "postgres"),
                    List.of("-Dcamel.server.host=127.0.0.1", "-Dcamel.component.openconnectors.retry-unit=20",
                            "-Dcamel.component.openconnectors.delivery-lease=3000"),
                    log));
        }
        for (GatewayProcess node : nodes) {
            node.start();
        }

        // created on the first node, known to the others within 5 s
        List<String> polling = List.of(create(0, pollingInstance("cluster polling a")), create(0, pollingInstance("cluster polling b")));
        JsonNode webhookInstance = MAPPER.readTree(api(0, "POST", "/instances", webhookInstance().toString()).body());
        String webhookId = webhookInstance.path("id").asText();
        String webhookPath = webhookInstance.path("events").path("webhookPath").asText();
        Duration propagation = untilEveryNodeRuns(3, List.of(1, 2));

        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger senderRetries = new AtomicInteger();
        CountDownLatch webhooksDone = new CountDownLatch(WEBHOOKS);
        for (int i = 0; i < WEBHOOKS; i++) {
            String body = "{\"id\":\"w-" + i + "\",\"kind\":\"created\"}";
            int node = i % NODES;
            load.schedule(() -> sendUntilAcknowledged(node, webhookPath, "delivery-" + body.hashCode(), body, acknowledged,
                    senderRetries, webhooksDone), i * 60L, TimeUnit.MILLISECONDS);
        }
        CountDownLatch vendorDone = new CountDownLatch(VENDOR_RECORDS);
        for (int i = 0; i < VENDOR_RECORDS; i++) {
            String id = "c-" + i;
            load.schedule(() -> {
                vendor.put(id, "Contact " + id, Instant.now(), Instant.now());
                vendorDone.countDown();
            }, i * 200L, TimeUnit.MILLISECONDS);
        }

        StandIns.pause(Duration.ofSeconds(12));
        Instant killedAt = Instant.now();
        nodes.get(0).kill();
        // a PATCH on the second node reaches the third within 5 s
        HttpResponse<String> patched = api(1, "PATCH", "/instances/" + polling.get(0), "{\"name\":\"renamed on node 2\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        Duration patchPropagation = untilEveryNode(polling.get(0), body -> body.path("name").asText().equals("renamed on node 2"),
                List.of(2));
        StandIns.pause(Duration.ofSeconds(10));
        nodes.get(0).start();
        Duration restartedKnows = untilEveryNode(polling.get(0), body -> body.path("name").asText().equals("renamed on node 2"),
                List.of(0));

        await().atMost(120, SECONDS).until(() -> webhooksDone.getCount() == 0 && vendorDone.getCount() == 0);
        StandIns.pause(POLL_INTERVAL.multipliedBy(2)); // the last records' poll
        Set<String> acknowledgedIds = new HashSet<>();
        acknowledged.values().forEach(acknowledgedIds::addAll);
        try {
            // nothing is redelivered by hand: the receiver always answers, so nothing may end up queued
            await().atMost(120, SECONDS).pollInterval(Duration.ofSeconds(2))
                    .until(() -> StandIns.deliveredEventIds(receiver).containsAll(acknowledgedIds) && everyRecordDelivered(polling));
        } catch (ConditionTimeoutException incomplete) {
            // the assertions below say what is missing
        }
        Instant end = Instant.now();
        assertThat(StandIns.deliveredEventIds(receiver)).as("every acknowledged webhook delivered").containsAll(acknowledgedIds);
        assertThat(everyRecordDelivered(polling)).as("every vendor record delivered, by both polling instances").isTrue();

        List<Delivery> accepted = receiver.deliveries().stream().filter(Delivery::accepted).toList();
        Map<String, Integer> deliveriesPerId = new HashMap<>();
        Map<String, Set<String>> idsPerChange = new HashMap<>();
        for (Delivery delivery : accepted) {
            EventNotification notification = delivery.notification();
            assertThat(delivery.request().header("Elements-Webhook-Id")).isEqualTo(notification.eventId());
            deliveriesPerId.merge(notification.eventId(), 1, Integer::sum);
            for (ChangeEvent event : notification.events()) {
                idsPerChange.computeIfAbsent(notification.instanceId() + "/" + event.objectId(), o -> new HashSet<>())
                        .add(notification.eventId());
            }
        }
        assertThat(idsPerChange).as("a change delivered twice comes under the same Elements-Webhook-Id")
                .allSatisfy((change, ids) -> assertThat(ids).hasSize(1));

        // polls: first pages the vendor served, per instance (each polls one resource), against intervals elapsed
        List<Instant> polls = vendor.requests().stream().filter(r -> !r.query().containsKey("nextPage"))
                .map(RecordedRequest::receivedAt).sorted().toList();
        double intervals = Duration.between(polls.get(0), end).toMillis() / (double) POLL_INTERVAL.toMillis();
        double pollsPerInterval = polls.size() / (double) polling.size() / intervals;
        Duration longestGapAfterKill = Duration.ZERO;
        Instant previous = killedAt;
        for (Instant poll : polls) {
            if (poll.isAfter(killedAt)) {
                Duration gap = Duration.between(previous, poll);
                longestGapAfterKill = gap.compareTo(longestGapAfterKill) > 0 ? gap : longestGapAfterKill;
                previous = poll;
            }
        }
        JsonNode cluster = MAPPER.readTree(api(1, "GET", "/observe/cluster", "").body());
        StringBuilder pollsByNode = new StringBuilder();
        cluster.path("nodes").forEach(node -> pollsByNode.append(node.path("id").asText()).append('=')
                .append(node.path("pollsRun").asLong()).append(' ').append(node.path("state").asText()).append("; "));

        System.out.printf("%n[cluster test] %d nodes on PostgreSQL, 1 SIGKILL; instances created on node1 run by the others %d ms later,"
                          + " PATCH on node2 seen by node3 in %d ms, the restarted node1 had it %d ms after it listened;"
                          + " webhooks: %d sent round-robin, %d acknowledged (%d sender retries); vendor records: %d;"
                          + " receiver: %d POSTs answered 2xx, %d distinct notifications, %d duplicate deliveries (all under"
                          + " their original Elements-Webhook-Id); polls: %.2f per interval per resource (%d first pages, %d"
                          + " resources, %.1f intervals), longest gap between polls after the kill %d ms; polls run by node: %s"
                          + "lost: 0%n%n",
                NODES, propagation.toMillis(), patchPropagation.toMillis(), restartedKnows.toMillis(), WEBHOOKS,
                acknowledged.size(), senderRetries.get(), VENDOR_RECORDS, accepted.size(), deliveriesPerId.size(),
                deliveriesPerId.values().stream().mapToInt(n -> n - 1).sum(), pollsPerInterval, polls.size(), polling.size(),
                intervals, longestGapAfterKill.toMillis(), pollsByNode);

        assertThat(propagation).as("a create reaches every node").isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(patchPropagation).as("a PATCH reaches every node").isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(pollsPerInterval).as("each resource polled about once per interval, not once per node").isBetween(0.6, 1.4);
        assertThat(longestGapAfterKill).as("polls go on on the other nodes").isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(cluster.path("nodes")).hasSize(NODES);
        for (int n = 0; n < NODES; n++) {
            assertThat(Files.readString(Path.of(System.getProperty("gateway.logs", "target"), "cluster-test-node" + (n + 1) + ".log")))
                    .doesNotContain(TOKEN).doesNotContain("cluster-key");
        }
    }

    private ObjectNode webhookInstance() {
        ObjectNode body = StandIns.webhookInstance("cluster", "cluster webhooks", receiver.url(), "cluster-key");
        body.with("configuration").put("event.webhook.delivery.id.header", "X-Delivery-Id");
        return body;
    }

    private ObjectNode pollingInstance(String name) {
        return StandIns.pollingInstance(name, receiver.url(), vendor.baseUrl(), POLL_INTERVAL.toMillis() / 60_000.0);
    }

    /** How long until each of {@code nodes} runs {@code instances} instances, as its cluster view says. */
    private Duration untilEveryNodeRuns(int instances, List<Integer> nodes) {
        Instant start = Instant.now();
        await().atMost(30, SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int node : nodes) {
                if (MAPPER.readTree(api(node, "GET", "/observe/cluster", "").body()).path("instances").asInt() != instances) {
                    return false;
                }
            }
            return true;
        });
        return Duration.between(start, Instant.now());
    }

    /** How long until each of {@code nodes} answers the instance as {@code expected} says. */
    private Duration untilEveryNode(String id, java.util.function.Predicate<JsonNode> expected, List<Integer> nodes) {
        Instant start = Instant.now();
        await().atMost(30, SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (int node : nodes) {
                HttpResponse<String> answer = api(node, "GET", "/instances/" + id, "");
                if (answer.statusCode() != 200 || !expected.test(MAPPER.readTree(answer.body()))) {
                    return false;
                }
            }
            return true;
        });
        return Duration.between(start, Instant.now());
    }

    private boolean everyRecordDelivered(List<String> polling) {
        Map<String, Set<String>> objectsByInstance = new HashMap<>();
        receiver.deliveries().stream().filter(Delivery::accepted).forEach(d -> d.notification().events()
                .forEach(e -> objectsByInstance.computeIfAbsent(d.notification().instanceId(), i -> new HashSet<>()).add(e.objectId())));
        for (String instance : polling) {
            Set<String> objects = objectsByInstance.getOrDefault(instance, Set.of());
            for (int i = 0; i < VENDOR_RECORDS; i++) {
                if (!objects.contains("c-" + i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sends to one node; a node that does not answer 200 is left for the next, as a load balancer would. */
    private void sendUntilAcknowledged(int node, String path, String delivery, String body, Map<String, Set<String>> acknowledged,
                                       AtomicInteger retries, CountDownLatch done) {
        Optional<Set<String>> ids = StandIns.sendWebhook(http, ports[node], path, delivery, body);
        if (ids.isPresent()) {
            acknowledged.put(body, ids.get());
            done.countDown();
            return;
        }
        retries.incrementAndGet(); // refused, or killed: the next node
        load.schedule(() -> sendUntilAcknowledged((node + 1) % NODES, path, delivery, body, acknowledged, retries, done), 200,
                TimeUnit.MILLISECONDS);
    }

    private String create(int node, ObjectNode body) throws Exception {
        HttpResponse<String> response = api(node, "POST", "/instances", body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body()).path("id").asText();
    }

    private HttpResponse<String> api(int node, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[node] + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
