package io.openconnectors.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateways in this JVM on one PostgreSQL database (a schema of their own): what one does with an instance, the other
 * runs within seconds, and each resource is polled once per interval across both. The failover test
 * ({@link ClusterFailoverIT}) does the same with three processes and a SIGKILL.
 */
class SharedDatabaseTest {

    private static final String TOKEN = "shared-token";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dataDirs;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver receiver = new CallbackReceiver();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<EventsGateway> gateways = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private String schema;

    @BeforeEach
    void startTwoNodes() throws Exception {
        GatewayTestSupport.compressRetries(5);
        schema = "oc_shared_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        for (String node : List.of("a", "b")) {
            int port = GatewayTestSupport.freePort();
            GatewaySetup setup = new GatewaySetup("127.0.0.1", port, Files.createDirectories(dataDirs.resolve(node)), TOKEN,
                    shared(),
                    false, List.of("127.0.0.1/32"), GatewaySetup.DEFAULT_IDLE_TIMEOUT, "node-" + node);
            ports.add(port);
            gateways.add(EventsGateway.start(setup));
        }
    }

    @AfterEach
    void stop() throws Exception {
        gateways.forEach(EventsGateway::close);
        System.clearProperty("camel.component.openconnectors.retry-unit");
        System.clearProperty("camel.component.openconnectors.max-retries");
        vendor.close();
        receiver.close();
        try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void anInstanceMadeOnOneNodeRunsOnTheOtherAndItsChangesAndDeleteToo() throws Exception {
        JsonNode created = json(call(0, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString()));
        String id = created.path("id").asText();
        String path = created.path("events").path("webhookPath").asText();

        assertThat(call(1, "GET", "/instances/" + id, "").statusCode()).as("known at once on the other node, when asked for")
                .isEqualTo(200);
        await().atMost(5, SECONDS).until(() -> webhook(1, path, "{\"id\":\"w-0\"}").statusCode() == 200);
        HttpResponse<String> accepted = webhook(1, path, "{\"id\":\"w-1\"}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 2);
        assertThat(receiver.accepted()).extracting(n -> n.events().get(0).objectId()).containsExactlyInAnyOrder("w-0", "w-1");

        // two PATCHes on two nodes within the same second: neither is lost
        HttpResponse<String> patched = call(1, "PATCH", "/instances/" + id, "{\"name\":\"renamed on b\"}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        HttpResponse<String> tagged = call(0, "PATCH", "/instances/" + id, "{\"tags\":[\"tagged on a\"]}");
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        await().atMost(5, SECONDS).until(() -> json(call(1, "GET", "/instances/" + id, "")).path("tags").toString().contains("tagged on a"));
        for (int node = 0; node < 2; node++) {
            JsonNode seen = json(call(node, "GET", "/instances/" + id, ""));
            assertThat(seen.path("name").asText()).isEqualTo("renamed on b");
            assertThat(seen.path("tags").toString()).contains("tagged on a");
        }

        assertThat(call(0, "DELETE", "/instances/" + id, "").statusCode()).isEqualTo(200);
        await().atMost(5, SECONDS).until(() -> call(1, "GET", "/instances/" + id, "").statusCode() == 404);
        assertThat(webhook(1, path, "{\"id\":\"w-2\"}").statusCode()).as("a deleted instance takes no webhooks on any node")
                .isEqualTo(404);
        // a new instance never gets the id of a deleted one, whichever node creates it
        assertThat(json(call(1, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString())).path("id").asLong())
                .isGreaterThan(Long.parseLong(id));
    }

    @Test
    void anOrderedInstanceKeepsItsOrderWhateverNodeTakesAndDeliversEachWebhook() throws Exception {
        ObjectNode ordered = StandIns.webhookInstance("shared", "ordered webhooks", receiver.url(), "shared-key");
        ordered.with("configuration").put("event.notification.ordered", true);
        String path = json(call(0, "POST", "/instances", ordered.toString())).path("events").path("webhookPath").asText();
        await().atMost(5, SECONDS).until(() -> json(call(1, "GET", "/observe/cluster", "")).path("instances").asInt() == 1);
        receiver.failNext(503, 503); // the first waits for its retries: the others must wait behind it

        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> acknowledged = webhook(i % 2, path, "{\"id\":\"w-" + i + "\"}");
            assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
            sent.add("w-" + i);
        }

        await().atMost(20, SECONDS).until(() -> receiver.accepted().size() == sent.size());
        assertThat(receiver.accepted()).extracting(n -> n.events().get(0).objectId()).containsExactlyElementsOf(sent);
    }

    @Test
    void eachResourceIsPolledOncePerIntervalAcrossTheNodesAndATriggerGoesWithItsInstance() throws Exception {
        ObjectNode polling = StandIns.pollingInstance("shared polling", receiver.url(), vendor.baseUrl(), 0.02); // every 1.2 s
        String id = json(call(0, "POST", "/instances", polling.toString())).path("id").asText();
        await().atMost(5, SECONDS).until(() -> call(1, "GET", "/instances/" + id, "").statusCode() == 200);
        vendor.clearRequests();
        long start = System.nanoTime();
        StandIns.pause(Duration.ofSeconds(6));
        double intervals = (System.nanoTime() - start) / 1.2e9;
        long firstPages = vendor.requests().stream().filter(r -> !r.query().containsKey("nextPage")).count();
        assertThat(firstPages / intervals).as("polls per interval, %d in %.1f intervals: not one per node", firstPages, intervals)
                .isBetween(0.6, 1.4);
        assertThat(triggers()).containsExactly("openconnectors-" + id + "-poll-contacts");

        JsonNode cluster = json(call(1, "GET", "/observe/cluster", ""));
        assertThat(cluster.path("node").asText()).isEqualTo("node-b");
        assertThat(cluster.path("nodes").findValuesAsText("id")).containsExactly("node-a", "node-b");
        assertThat(cluster.path("nodes").findValuesAsText("state")).containsOnly("UP");
        long pollsRun = 0;
        for (JsonNode node : cluster.path("nodes")) {
            pollsRun += node.path("pollsRun").asLong();
        }
        assertThat(pollsRun).as("polls both nodes ran, as their last heartbeat said").isPositive();
        assertThat(call(1, "GET", "/observe/cluster", "", null).statusCode()).isEqualTo(401);

        // the vendor asks to wait: the shared trigger waits, so that no node polls meanwhile (unheld, it would fire
        // every 1.2 s, on either node)
        vendor.failNext(new VendorStub.Answer(429, "application/json", "{}", Map.of("Retry-After", "10")));
        Instant asked = Instant.now();
        Instant refused = await().atMost(5, SECONDS).until(() -> firstRequestAfter(asked), Optional::isPresent).orElseThrow();
        await().atMost(2, SECONDS).until(() -> nextFire("openconnectors-" + id + "-poll-contacts").isAfter(refused.plusSeconds(8)));

        assertThat(call(1, "DELETE", "/instances/" + id, "").statusCode()).isEqualTo(200);
        assertThat(triggers()).as("no node polls a deleted instance").isEmpty();
    }

    @Test
    void aSingleNodeThatJoinsBringsItsInstancesOnceWithTheirIds() throws Exception {
        Path single = Files.createDirectories(dataDirs.resolve("single"));
        int port = GatewayTestSupport.freePort();
        String id;
        try (EventsGateway alone = EventsGateway.start(new GatewaySetup("127.0.0.1", port, single, TOKEN,
                GatewaySetup.Database.h2(single), false, List.of("127.0.0.1/32"), GatewaySetup.DEFAULT_IDLE_TIMEOUT, "alone"))) {
            ports.add(port);
            // ids 1 and 2 are taken in the cluster: the single node's own counter is behind, as it would be
            call(2, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString());
            call(2, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString());
            id = json(call(2, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").put("name", "from the single node").toString()))
                    .path("id").asText();
        }
        assertThat(call(0, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString()).statusCode()).isEqualTo(200); // id 1
        assertThat(call(0, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString()).statusCode()).isEqualTo(200); // id 2

        for (int start = 1; start <= 2; start++) {
            GatewaySetup joining = new GatewaySetup("127.0.0.1", port, single, TOKEN,
                    shared(),
                    false, List.of("127.0.0.1/32"), GatewaySetup.DEFAULT_IDLE_TIMEOUT, "joined");
            try (EventsGateway joined = EventsGateway.start(joining)) {
                JsonNode brought = json(call(1, "GET", "/instances/" + id, ""));
                assertThat(brought.path("name").asText()).as("start %d", start).isEqualTo("from the single node");
                assertThat(json(call(1, "GET", "/instances", "")).findValuesAsText("name"))
                        .as("ids 1 and 2 were the cluster's: the single node's are not imported over them")
                        .containsExactlyInAnyOrder("shared webhooks", "shared webhooks", "from the single node");
            }
        }
        assertThat(json(call(0, "POST", "/instances", StandIns.webhookInstance("shared", "shared webhooks", receiver.url(), "shared-key").toString())).path("id").asLong())
                .as("ids go on after the single node's").isGreaterThan(Long.parseLong(id));
    }

    /** The database both nodes share: this test's schema of the test PostgreSQL. */
    private GatewaySetup.Database shared() {
        return new GatewaySetup.Database(Databases.postgresUrl() + "?currentSchema=" + schema, "postgres", null);
    }

    /** When the vendor received its first request after {@code time}, if it did. */
    private Optional<Instant> firstRequestAfter(Instant time) {
        return vendor.requests().stream().map(RecordedRequest::receivedAt).filter(t -> t.isAfter(time)).min(Instant::compareTo);
    }

    /** When the route's trigger fires next, for whichever node acquires it. */
    private Instant nextFire(String routeId) throws Exception {
        try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT next_fire_time FROM " + schema + ".qrtz_triggers WHERE trigger_name = '"
                                                    + routeId + "'")) {
            return row.next() ? Instant.ofEpochMilli(row.getLong(1)) : Instant.MIN;
        }
    }

    private List<String> triggers() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT trigger_name FROM " + schema + ".qrtz_triggers ORDER BY trigger_name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private HttpResponse<String> webhook(int node, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(node) + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(int node, String method, String path, String body) throws Exception {
        return call(node, method, path, body, "Bearer " + TOKEN);
    }

    private HttpResponse<String> call(int node, String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(node) + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }
}
