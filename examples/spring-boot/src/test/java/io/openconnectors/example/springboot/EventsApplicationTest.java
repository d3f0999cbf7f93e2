package io.openconnectors.example.springboot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The example app end to end, against a stand-in CRM and a stand-in subscriber on loopback: the YAML route polls, the
 * Java route receives GitHub's webhooks, both deliver signed callbacks, durably on the app's database, retried when the
 * subscriber refuses; actuator says UP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventsApplicationTest {

    private static final VendorStub CRM = new VendorStub();
    private static final CallbackReceiver SUBSCRIBER = new CallbackReceiver();
    private static final String EVENTS_SECRET = "events-s3cret";
    private static final String GITHUB_SECRET = "github-s3cret";

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void standIns(DynamicPropertyRegistry properties) {
        properties.add("crm.url", CRM::baseUrl);
        properties.add("crm.poll-every", () -> "100");
        properties.add("events.callback-url", SUBSCRIBER::url);
        properties.add("events.secret", () -> EVENTS_SECRET);
        properties.add("crm.password", () -> "crm-s3cret");
        properties.add("github.secret", () -> GITHUB_SECRET);
        properties.add("spring.datasource.url", () -> JdbcEventStore.h2FileUrl(data.resolve("events")));
        properties.add("camel.component.openconnectors.state-file", () -> data.resolve("windows.dat").toString());
        properties.add("camel.component.openconnectors.retry-unit", () -> "1");
    }

    @AfterAll
    static void stopStandIns() {
        CRM.close();
        SUBSCRIBER.close();
    }

    @Autowired
    CamelContext camel;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void changesAndWebhooksReachTheSubscriberSignedAndDurably() throws Exception {
        SUBSCRIBER.failNext(503); // the first delivery is refused, and retried from the store
        CRM.put("c-1", "Ada", Instant.now(), Instant.now());
        String issue = "{\"action\":\"opened\",\"issue\":{\"id\":77,\"title\":\"Crash\"}}";

        HttpResponse<String> unsigned = webhook(issue, "sha256=" + "00".repeat(32));
        HttpResponse<String> signed = webhook(issue, "sha256=" + HexFormat.of().formatHex(hmac(GITHUB_SECRET, issue)));

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(signed.statusCode()).isEqualTo(200);
        await().atMost(20, SECONDS).until(() -> SUBSCRIBER.accepted().size() == 2);
        assertThat(SUBSCRIBER.accepted()).extracting(EventNotification::instanceId).containsExactlyInAnyOrder("crm-1", "github-1");
        assertThat(SUBSCRIBER.accepted()).flatExtracting(EventNotification::events)
                .extracting(ChangeEvent::eventType, ChangeEvent::objectId)
                .contains(tuple(EventType.CREATED, "77"));
        assertThat(SUBSCRIBER.deliveries()).filteredOn(CallbackReceiver.Delivery::accepted).allSatisfy(delivery ->
                assertThat(ElementsSignature.of(EVENTS_SECRET).verify(delivery.request().header("Elements-Webhook-Signature"),
                        delivery.request().body())).isEqualTo(SignatureVerdict.VALID));
        assertThat(SUBSCRIBER.deliveries()).extracting(CallbackReceiver.Delivery::status).contains(503);

        OpenConnectorsComponent component = camel.getComponent("openconnectors", OpenConnectorsComponent.class);
        await().atMost(10, SECONDS).until(() -> component.getEventStore().countByStatus()
                .getOrDefault(NotificationStatus.NOTIFIED, 0L) == 2L);

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    private HttpResponse<String> webhook(String body, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events/github"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "issues")
                .header("X-GitHub-Delivery", Base64.getEncoder().encodeToString(signature.getBytes(StandardCharsets.UTF_8)))
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }
}
