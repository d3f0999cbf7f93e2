package io.openconnectors.gateway;

import java.io.IOException;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.test.CallbackReceiver.Delivery;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.VendorStub;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash test: the packaged gateway as a separate JVM takes 1,000 webhooks and polls a vendor that keeps creating
 * records, while the callback receiver is down and then slow, and is killed with SIGKILL three times at random
 * moments. Once the receiver is back, every webhook that got a 2xx and every record the vendor created must have
 * reached it, duplicates only under their original {@code Elements-Webhook-Id}.
 * <p>
 * Reproduce: {@code mvn -pl examples/events-gateway -am verify -Dit.test=CrashRecoveryIT}.
 */
class CrashRecoveryIT {

    private static final String TOKEN = "crash-test-token";
    private static final int WEBHOOKS = 1000;
    private static final int VENDOR_RECORDS = 400;
    private static final int KILLS = 3;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver receiver = new CallbackReceiver();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService load = Executors.newScheduledThreadPool(10);
    private final Random random = new Random();
    private GatewayProcess gateway;
    private int port;
    private String postgresSchema;

    @AfterEach
    void stop() throws Exception {
        load.shutdownNow();
        if (gateway != null) {
            gateway.stop();
        }
        vendor.close();
        receiver.close();
        if (postgresSchema != null) {
            try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + postgresSchema + " CASCADE");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "h2", "postgresql" })
    void nothingAcknowledgedIsLostAcrossKills(String database) throws Exception {
        port = GatewayTestSupport.freePort();
        Path log = Path.of(System.getProperty("gateway.logs", "target"), "crash-test-" + database + ".log");
        Files.deleteIfExists(log);
        Map<String, String> environment = new HashMap<>(Map.of("OPENCONNECTORS_DATA_DIR", dataDir.toString(),
                "OPENCONNECTORS_API_TOKEN", TOKEN, "OPENCONNECTORS_EGRESS_ALLOW", "127.0.0.1/32"));
        if (database.equals("postgresql")) {
            postgresSchema = "oc_crash_" + UUID.randomUUID().toString().replace("-", "");
            try (Connection connection = StandIns.postgres("test").getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + postgresSchema);
            }
            environment.put("OPENCONNECTORS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + postgresSchema);
            environment.put("OPENCONNECTORS_JDBC_USER", "postgres");
        }
        gateway = new GatewayProcess(Path.of(System.getProperty("gateway.jar")), port, environment,
                List.of("-Dcamel.server.host=127.0.0.1",
                        "-Dcamel.component.openconnectors.retry-unit=20", // retries after 160 ms, 1.3 s, 10 s, ...
                        "-Dcamel.component.openconnectors.delivery-lease=3000"),
                log);
        receiver.refuseAll(503); // the receiver is down to begin with
        gateway.start();
        String webhookPath = create(webhookInstance()).path("events").path("webhookPath").asText();
        String pollingId = create(pollingInstance()).path("id").asText();

        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger senderRetries = new AtomicInteger();
        CountDownLatch webhooksDone = new CountDownLatch(WEBHOOKS);
        for (int i = 0; i < WEBHOOKS; i++) {
            String body = "{\"id\":\"w-" + i + "\",\"kind\":\"created\"}";
            String delivery = "delivery-" + i; // the same on every re-send, as vendors do
            load.schedule(() -> sendUntilAcknowledged(webhookPath, delivery, body, acknowledged, senderRetries, webhooksDone),
                    i * 15L, TimeUnit.MILLISECONDS);
        }
        CountDownLatch vendorDone = new CountDownLatch(VENDOR_RECORDS);
        for (int i = 0; i < VENDOR_RECORDS; i++) {
            String id = "c-" + i;
            load.schedule(() -> {
                vendor.put(id, "Contact " + id, Instant.now(), Instant.now());
                vendorDone.countDown();
            }, i * 40L, TimeUnit.MILLISECONDS);
        }
        load.scheduleWithFixedDelay(() -> pollNow(pollingId), 1, 1, TimeUnit.SECONDS);

        for (int kill = 1; kill <= KILLS; kill++) {
            StandIns.pause(Duration.ofMillis(1500 + random.nextInt(3000)));
            if (kill == KILLS) {
                receiver.accept();
                receiver.holdAnswers(); // ... and slow: deliveries are in flight when the last kill comes
            }
            gateway.kill();
            gateway.start();
        }
        receiver.releaseAnswers();
        await().atMost(120, SECONDS).until(() -> webhooksDone.getCount() == 0 && vendorDone.getCount() == 0);
        StandIns.pause(Duration.ofSeconds(3)); // the last records' poll

        Set<String> webhookItems = new HashSet<>();
        for (int i = 0; i < WEBHOOKS; i++) {
            webhookItems.add("w-" + i);
        }
        Set<String> vendorRecords = new HashSet<>();
        for (int i = 0; i < VENDOR_RECORDS; i++) {
            vendorRecords.add("c-" + i);
        }
        Set<String> acknowledgedIds = new HashSet<>();
        acknowledged.values().forEach(acknowledgedIds::addAll);
        // what the last retries left queued comes back, as an operator would bring it back
        try {
            await().atMost(180, SECONDS).pollInterval(Duration.ofSeconds(2)).until(() -> {
                redeliverAll();
                Set<String> objects = deliveredObjectIds();
                return StandIns.deliveredEventIds(receiver).containsAll(acknowledgedIds) && objects.containsAll(webhookItems)
                       && objects.containsAll(vendorRecords);
            });
        } catch (ConditionTimeoutException incomplete) {
            // the assertions below say what is missing
        }
        assertThat(StandIns.deliveredEventIds(receiver)).as(() -> "[" + database + "] every acknowledged notification delivered; the gateway's record of the "
                                                 + "missing ones: " + recordsOfMissing(acknowledgedIds, log))
                .containsAll(acknowledgedIds);
        assertThat(deliveredObjectIds()).as("every webhook item delivered").containsAll(webhookItems);
        assertThat(deliveredObjectIds()).as("every vendor record delivered").containsAll(vendorRecords);

        List<Delivery> accepted = receiver.deliveries().stream().filter(Delivery::accepted).toList();
        Map<String, Integer> deliveriesPerId = new HashMap<>();
        Map<String, Set<String>> idsPerObject = new HashMap<>();
        for (Delivery delivery : accepted) {
            EventNotification notification = delivery.notification();
            assertThat(delivery.request().header("Elements-Webhook-Id")).isEqualTo(notification.eventId());
            deliveriesPerId.merge(notification.eventId(), 1, Integer::sum);
            for (ChangeEvent event : notification.events()) {
                idsPerObject.computeIfAbsent(event.objectId(), o -> new HashSet<>()).add(notification.eventId());
            }
        }
        long duplicateDeliveries = deliveriesPerId.values().stream().mapToInt(n -> n - 1).sum();
        assertThat(idsPerObject).as("a change delivered twice comes under the same Elements-Webhook-Id")
                .allSatisfy((object, ids) -> assertThat(ids).hasSize(1));
        System.out.printf("%n[crash test, %s] %d SIGKILLs, %d gateway starts; webhooks: %d sent, %d acknowledged (%d sender "
                          + "retries); vendor records created: %d; receiver: %d POSTs answered 2xx, %d distinct notifications, "
                          + "%d duplicate deliveries (all under their original Elements-Webhook-Id), %d refused while down; "
                          + "lost: 0%n%n",
                database, KILLS, gateway.starts(), WEBHOOKS, acknowledged.size(), senderRetries.get(), VENDOR_RECORDS,
                accepted.size(), deliveriesPerId.size(), duplicateDeliveries,
                receiver.deliveries().size() - accepted.size());
        assertThat(Files.readString(log)).doesNotContain(TOKEN);
    }

    private void sendUntilAcknowledged(String path, String delivery, String body, Map<String, Set<String>> acknowledged,
                                       AtomicInteger retries, CountDownLatch done) {
        Optional<Set<String>> ids = StandIns.sendWebhook(http, port, path, delivery, body);
        if (ids.isPresent()) {
            acknowledged.put(body, ids.get());
            done.countDown();
            return;
        }
        retries.incrementAndGet(); // refused, or killed: like any vendor, send again
        load.schedule(() -> sendUntilAcknowledged(path, delivery, body, acknowledged, retries, done), 300,
                TimeUnit.MILLISECONDS);
    }

    private JsonNode create(ObjectNode body) throws Exception {
        HttpResponse<String> response = api("POST", "/instances", body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private void pollNow(String id) {
        try {
            api("POST", "/instances/" + id + "/events/poll", "");
        } catch (Exception gatewayDown) {
            // the next tick tries again
        }
    }

    private void redeliverAll() {
        try {
            api("POST", "/instances/events/redeliver", "");
        } catch (Exception gatewayDown) {
            // the next round tries again
        }
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the gateway knows of acknowledged notifications that did not arrive: their record and log lines. */
    private String recordsOfMissing(Set<String> acknowledgedIds, Path log) {
        Set<String> missing = new HashSet<>(acknowledgedIds);
        missing.removeAll(StandIns.deliveredEventIds(receiver));
        StringBuilder records = new StringBuilder();
        for (String id : missing) {
            try {
                HttpResponse<String> record = api("GET", "/instances/events/" + id, "");
                records.append('\n').append(id).append(": ").append(record.statusCode()).append(' ').append(record.body());
            } catch (Exception e) {
                records.append('\n').append(id).append(": ").append(e);
            }
            try (Stream<String> lines = Files.lines(log)) {
                lines.filter(line -> line.contains(id)).limit(20).forEach(line -> records.append("\n  log: ").append(line));
            } catch (IOException e) {
                records.append("\n  log unreadable: ").append(e);
            }
        }
        return records.toString();
    }

    private Set<String> deliveredObjectIds() {
        Set<String> ids = new HashSet<>();
        receiver.deliveries().stream().filter(Delivery::accepted)
                .forEach(d -> d.notification().events().forEach(e -> ids.add(e.objectId())));
        return ids;
    }

    private ObjectNode webhookInstance() {
        ObjectNode body = StandIns.webhookInstance("crash", "crash webhooks", receiver.url(), "crash-key");
        body.with("configuration").put("event.webhook.delivery.id.header", "X-Delivery-Id");
        return body;
    }

    private ObjectNode pollingInstance() {
        return StandIns.pollingInstance("crash polling", receiver.url(), vendor.baseUrl(), 0.02);
    }
}
