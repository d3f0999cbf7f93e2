package io.openconnectors.camel;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.svix.Webhook;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.instance.InstanceParser;
import io.openconnectors.camel.instance.InstanceRoutes;
import io.openconnectors.camel.test.LogCapture;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Webhook instances from the seed's body, both spellings of the vendor type, with the documented event.webhook.* keys.
 */
class WebhookInstanceTest extends WebhookTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ObjectNode seed(String vendorType) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/instances/seed-webhook.json")) {
            ObjectNode root = (ObjectNode) MAPPER.readTree(in);
            ObjectNode configuration = (ObjectNode) root.get("configuration");
            configuration.put("event.vendor.type", vendorType);
            configuration.put("event.notification.callback.url", callback.url());
            configuration.put("event.webhook.items.field", "changes");
            configuration.put("event.webhook.object.id.field", "id");
            configuration.put("event.webhook.object.type", "contacts");
            configuration.put("event.webhook.event.type.field", "kind");
            configuration.put("event.webhook.event.type.mapping", "contact.added:CREATED,contact.edited:UPDATED");
            configuration.put("event.webhook.signature.header", "X-Crm-Signature");
            configuration.put("event.webhook.signature.prefix", "sha256=");
            configuration.put("event.webhook.signature.key", "vendor-s3cret");
            return root;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "webhooks", "webhook" })
    void aWebhookInstanceReceivesOnItsPathAndDeliversSignedEvents(String vendorType) throws Exception {
        try (LogCapture logs = LogCapture.capture(Level.DEBUG)) {
            InstanceRoutes routes = new InstanceRoutes(context, key -> java.util.Optional.empty());
            List<String> ids = routes.add("77", InstanceParser.parse(MAPPER.writeValueAsBytes(seed(vendorType))));
            String body = "{\"changes\":[{\"id\":\"c-1\",\"kind\":\"contact.added\"},{\"id\":\"c-2\",\"kind\":\"contact.edited\"}]}";

            HttpResponse<String> refused = post("/events/connectorKey/77", body, Map.of("X-Crm-Signature", "sha256=00"));
            HttpResponse<String> accepted = post(InstanceRoutes.webhookPath("connectorKey", "77"), body,
                    Map.of("X-Crm-Signature", "sha256=" + hex(hmac("vendor-s3cret", body))));

            assertThat(ids).containsExactly("openconnectors-77-webhook");
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(callback.accepted()).singleElement().satisfies(n -> {
                assertThat(n.instanceId()).isEqualTo("77");
                assertThat(n.events()).extracting(ChangeEvent::eventType).containsExactly(EventType.CREATED, EventType.UPDATED);
                assertThat(n.events()).extracting(ChangeEvent::objectType).containsOnly("contacts");
            });
            var post = callback.deliveries().get(0).request();
            assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + SeedInstanceTest.hmac(
                    "xxxxxxxxxxxxxxxxxxxxxxxxx", post.body()));
            assertThat(logs.all()).doesNotContain("vendor-s3cret").doesNotContain("xxxxxxxxxxxxxxxxxxxxxxxxx");
        }
    }

    @Test
    void badWebhookKeysAreReportedUnderTheirInstanceKeys() throws Exception {
        ObjectNode json = seed("webhooks");
        ObjectNode configuration = (ObjectNode) json.get("configuration");
        configuration.put("event.webhook.items.field", "a..b");
        configuration.put("event.webhook.signature.encoding", "base32");
        configuration.remove("event.webhook.signature.key");
        configuration.put("event.webhook.frobnicate", true);

        assertThatThrownBy(() -> InstanceParser.parse(MAPPER.writeValueAsBytes(json)))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.getProblems())
                        .extracting(SettingProblem::key).containsExactlyInAnyOrder(
                                "event.webhook.frobnicate", "event.webhook.items.field", "event.webhook.signature.encoding",
                                "event.webhook.signature.key"));
    }

    /**
     * An instance for Stripe, by its preset, whose callbacks are signed Standard Webhooks style during a key rotation:
     * the receiver verifies them with Svix's library holding either key.
     */
    @Test
    void aStripeInstanceByItsPresetDeliversStandardWebhooksCallbacksSignedWithBothKeysDuringARotation() throws Exception {
        String newKey = "whsec_" + Base64.getEncoder().encodeToString("callback-key-of-this-year-32byte".getBytes(StandardCharsets.UTF_8));
        String oldKey = "whsec_" + Base64.getEncoder().encodeToString("callback-key-of-last-year-32byte".getBytes(StandardCharsets.UTF_8));
        ObjectNode json = seed("webhooks");
        ObjectNode configuration = (ObjectNode) json.get("configuration");
        for (String key : List.of("items.field", "object.id.field", "object.type", "event.type.field", "event.type.mapping",
                "signature.header", "signature.prefix")) {
            configuration.remove("event.webhook." + key);
        }
        configuration.put("event.webhook.signature.preset", "stripe");
        configuration.put("event.webhook.signature.key", "whsec_stripe_endpoint_secret");
        configuration.put("event.notification.signature.style", "standardWebhooks");
        configuration.put("event.notification.signature.key", newKey);
        configuration.put("event.notification.signature.previous.key", oldKey);
        configuration.put("event.notification.signature.previous.until", Instant.now().plusSeconds(3600).toString());
        InstanceRoutes routes = new InstanceRoutes(context, key -> java.util.Optional.empty());
        routes.add("78", InstanceParser.parse(MAPPER.writeValueAsBytes(json)));
        String body = "{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"customer.created\",\"created\":1764930000,"
                      + "\"data\":{\"object\":{\"id\":\"cus_9\",\"object\":\"customer\"}}}";

        HttpResponse<String> accepted = post(InstanceRoutes.webhookPath("connectorKey", "78"), body, Map.of("Stripe-Signature",
                com.stripe.net.Webhook.Signature.generateSignatureHeader(body, "whsec_stripe_endpoint_secret",
                        Instant.now().getEpochSecond())));

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events()).singleElement()
                .satisfies(e -> {
                    assertThat(e.eventType()).isEqualTo(EventType.CREATED);
                    assertThat(e.objectId()).isEqualTo("cus_9");
                    assertThat(e.objectType()).isEqualTo("customer");
                }));
        var delivered = callback.deliveries().get(0).request();
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(delivered.header(name)));
        }
        String received = new String(delivered.body(), StandardCharsets.UTF_8);
        new Webhook(newKey).verify(received, headers);
        new Webhook(oldKey).verify(received, headers);
        assertThat(delivered.header("Elements-Webhook-Signature")).isNull();
    }

    @Test
    void signatureKeysThatCannotWorkAreReportedUnderTheirInstanceKeys() throws Exception {
        ObjectNode json = seed("webhooks");
        ObjectNode configuration = (ObjectNode) json.get("configuration");
        configuration.put("event.webhook.signature.preset", "hubspot");
        configuration.put("event.webhook.signature.timestamp.format", "fortnights");
        configuration.put("event.notification.signature.style", "fancy");
        configuration.put("event.notification.signature.previous.key", "last-years-key");

        assertThatThrownBy(() -> InstanceParser.parse(MAPPER.writeValueAsBytes(json)))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> assertThat(e.getProblems())
                        .extracting(Object::toString).containsExactlyInAnyOrder(
                                "event.webhook.signature.timestamp.format: 'fortnights' is not one of seconds, milliseconds,"
                                + " iso8601",
                                "event.webhook.signature.public.url: is required: '{method}{url}{body}{timestamp}' signs the {url}"
                                + " the vendor called, which a proxy in front may change",
                                "event.notification.signature.style: 'fancy' is not one of elements, standardWebhooks, both",
                                "event.notification.signature.previous.until: is required with signaturePreviousSecret: when"
                                + " the previous key stops signing (ISO-8601, e.g. 2026-12-31T00:00:00Z)"));
    }

    private static byte[] hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
