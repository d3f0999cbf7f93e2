package io.openconnectors.camel;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static byte[] hmac(String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
