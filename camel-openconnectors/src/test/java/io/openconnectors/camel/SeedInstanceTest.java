package io.openconnectors.camel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.instance.InstanceDefinition;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.CamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seed's own polling instance, placeholders filled, against a stand-in vendor that serves
 * {@code /hubs/crm/contacts} with the {@code where} filter.
 */
class SeedInstanceTest extends CamelTestSupport {

    @TempDir
    Path dataDir;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver callback = new CallbackReceiver();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getComponent("openconnectors", OpenConnectorsComponent.class)
                .setStateFile(dataDir.resolve("windows.dat").toString());
        return context;
    }

    @AfterEach
    void stopServers() {
        vendor.close();
        callback.close();
    }

    @Test
    void seedInstancePollsTheHubAndDeliversSignedEvents() throws Exception {
        vendor.requireHeader("Authorization", basic("crm-user", "crm-password-123"));
        String json = seed().replace("http://mycoolapp.com", callback.url());
        InstanceDefinition instance = InstanceParser.parse(json.getBytes(StandardCharsets.UTF_8));
        InstanceRoutes routes = new InstanceRoutes(context, key -> "connectorKey".equals(key)
                ? Optional.of(vendor.baseUrl()) : Optional.empty());

        routes.add("42", instance);
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        EventNotification notification = callback.accepted().get(0);
        assertThat(notification.instanceId()).isEqualTo("42");
        assertThat(notification.instanceName()).isEqualTo("<INSTANCE_NAME>");
        assertThat(notification.elementKey()).isEqualTo("connectorKey");
        assertThat(notification.events()).singleElement().satisfies(event -> {
            assertThat(event.eventType()).isEqualTo(EventType.CREATED); // the seed compares lastUpdated with itself
            assertThat(event.objectId()).isEqualTo("c-1");
            assertThat(event.objectType()).isEqualTo("contacts");
        });
        assertThat(notification.raw().path("contacts").get(0).path("name").asText()).isEqualTo("Ada");

        RecordedRequest post = callback.deliveries().get(0).request();
        assertThat(post.header("Elements-Webhook-Id")).isEqualTo(notification.eventId());
        assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + hmac("sig-key-456", post.body()));

        RecordedRequest poll = vendor.requests().get(0);
        assertThat(poll.uri().getPath()).isEqualTo("/hubs/crm/contacts");
        assertThat(poll.query().get("where")).matches("lastUpdated>'\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ'");
    }

    private static String seed() throws IOException {
        try (InputStream in = SeedInstanceTest.class.getResourceAsStream("/instances/seed-polling.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 computed here with the JDK alone, independent of the component's signer. */
    static String hmac(String key, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
