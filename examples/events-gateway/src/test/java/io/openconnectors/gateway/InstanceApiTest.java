package io.openconnectors.gateway;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.LogCapture;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The instance API, driven over HTTP against the running gateway.
 */
class InstanceApiTest extends GatewayTestSupport {

    @BeforeEach
    void start() throws Exception {
        compressRetries(5); // a refused callback is retried within milliseconds, not after 8 s (and jitter)
        startGateway(TOKEN);
    }

    @Test
    void theSeedBodyCreatesAnInstanceWhoseEventsFlowAtOnce() throws Exception {
        vendor.requireHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString("crm-user:crm-password-123".getBytes()));
        Answer created = call("POST", "/instances", seedPolling());

        assertThat(created.status()).isEqualTo(200);
        JsonNode instance = created.body();
        assertThat(instance.path("id").asLong()).isPositive();
        assertThat(instance.path("name").asText()).isEqualTo("<INSTANCE_NAME>");
        assertThat(instance.path("element").path("key").asText()).isEqualTo("connectorKey");
        assertThat(instance.path("tags").get(0).asText()).isEqualTo("<Add_Your_Tag>");
        JsonNode configuration = instance.path("configuration");
        assertThat(configuration.path("password").asText()).isEqualTo("********");
        assertThat(configuration.path("event.notification.signature.key").asText()).isEqualTo("********");
        assertThat(configuration.path("username").asText()).isEqualTo("crm-user");
        assertThat(configuration.path("event.poller.configuration").path("contacts").path("idField").asText()).isEqualTo("id");
        assertThat(created.raw().body()).doesNotContain("crm-password-123").doesNotContain("sig-key-456");

        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        assertThat(callback.accepted().get(0).instanceId()).isEqualTo(instance.path("id").asText());

        // reads add how it is doing; the backlog is read at most every 10 s, so the delivery shows within that
        String path = "/instances/" + instance.path("id").asText();
        await().atMost(15, SECONDS).until(() -> call("GET", path, null).body().path("backlog").asLong() == 0);
        ObjectNode read = (ObjectNode) call("GET", path, null).body();
        assertThat(read.path("health").path("status").asText()).isEqualTo("UP");
        assertThat(read.path("backlog").asLong()).isZero();
        assertThat(read.has("lastPollDate")).isTrue();
        assertThat((JsonNode) read.without(List.of("health", "backlog", "lastPollDate"))).isEqualTo(instance);
        ObjectNode listed = (ObjectNode) call("GET", "/instances", null).body().get(0);
        assertThat((JsonNode) listed.without(List.of("health", "backlog", "lastPollDate"))).isEqualTo(instance);
    }

    @Test
    void everyCallNeedsTheBearerToken() throws Exception {
        for (String authorization : new String[] { null, "Bearer wrong", "Basic " + TOKEN, "Bearer" }) {
            Answer refused = call("GET", "/instances", null, authorization);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body().path("error").asText()).isEqualTo("a valid Authorization: Bearer token is required");
            assertThat(refused.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        }
        assertThat(call("POST", "/instances", seedPolling(), null).status()).isEqualTo(401);
        assertThat(call("GET", "/instances", null).status()).isEqualTo(200);
    }

    @Test
    void anInvalidBodyGets400WithEveryProblem() throws Exception {
        ObjectNode body = seedPolling();
        ObjectNode configuration = (ObjectNode) body.get("configuration");
        configuration.put("event.poller.refresh_interval", "<minutes>");
        configuration.remove("event.notification.callback.url");
        configuration.put("event.vendor.type", "push");

        Answer refused = call("POST", "/instances", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("error").asText()).isEqualTo("invalid instance");
        assertThat(refused.body().path("problems").findValuesAsText("key")).containsExactlyInAnyOrder(
                "event.poller.refresh_interval", "event.notification.callback.url", "event.vendor.type");
        assertThat(refused.body().path("problems").findValuesAsText("reason"))
                .contains("'<minutes>' is not a number of minutes");
        assertThat(call("GET", "/instances", null).body()).isEmpty();
    }

    @Test
    void aRefusedCreateUsesUpNoId() throws Exception {
        ObjectNode withoutBase = seedPolling();
        ((ObjectNode) withoutBase.get("configuration")).remove("base.url"); // its resources' relative URLs lead nowhere

        Answer refused = call("POST", "/instances", withoutBase);
        Answer created = call("POST", "/instances", seedPolling());

        assertThat(refused.status()).isBetween(400, 499);
        assertThat(created.body().path("id").asLong()).isEqualTo(1);
    }

    @Test
    void malformedRequestsGet4xxWithAJsonReasonAndNoStackTrace() throws Exception {
        List<Answer> answers = List.of(
                call("POST", "/instances", "{\"element\": {\"key\": \"x\"}, \"configuration\": {\"password\": hunter2}}"),
                call("POST", "/instances", "[1, 2]"),
                call("POST", "/instances", ""),
                call("POST", "/instances", "{\"element\": \"crm\", \"configuration\": [], \"name\": 5, \"owner\": \"me\"}"),
                call("POST", "/instances", "{\"pad\": \"" + "x".repeat(300 * 1024) + "\"}"),
                call("GET", "/instances/12345", null),
                call("GET", "/instances/not-a-number", null),
                call("DELETE", "/instances/999", null),
                call("PATCH", "/instances/999", "{}"),
                call("PUT", "/instances", "{}"),
                call("GET", "/no/such/path", null));

        assertThat(answers).extracting(Answer::status).containsExactly(400, 400, 400, 400, 413, 404, 404, 404, 404, 405, 404);
        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(answer.body().path("error").asText()).isNotBlank();
            assertThat(answer.raw().body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("hunter2");
        });
        assertThat(answers.get(3).body().path("problems").findValuesAsText("key"))
                .contains("owner", "element.key", "configuration", "name");
    }

    @Test
    void patchAppliesChangesLive() throws Exception {
        JsonNode instance = call("POST", "/instances", seedPolling()).body();
        String path = "/instances/" + instance.path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());

        try (CallbackReceiver second = new CallbackReceiver()) {
            ObjectNode patch = MAPPER.createObjectNode();
            patch.putObject("configuration").put("event.notification.callback.url", second.url())
                    .put("event.poller.refresh_interval", 0.02);
            Answer patched = call("PATCH", path, patch);

            assertThat(patched.status()).isEqualTo(200);
            assertThat(patched.body().path("configuration").path("event.notification.callback.url").asText()).isEqualTo(second.url());
            assertThat(patched.body().path("configuration").path("password").asText()).isEqualTo("********");
            assertThat(pollDelay(patched.body())).isEqualTo(1200);
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());
            await().atMost(10, SECONDS).until(() -> !second.accepted().isEmpty());
            assertThat(callback.accepted()).isEmpty();
        }

        ObjectNode off = MAPPER.createObjectNode();
        off.putObject("configuration").put("event.notification.enabled", "false");
        Answer stopped = call("PATCH", path, off);
        assertThat(stopped.body().path("events").path("routes")).isEmpty();
        assertThat(gateway.context().getRoutes()).noneMatch(r -> r.getRouteId().startsWith("openconnectors-"));

        ObjectNode on = MAPPER.createObjectNode();
        on.putObject("configuration").put("event.notification.enabled", true);
        assertThat(call("PATCH", path, on).body().path("events").path("routes")).hasSize(1);

        ObjectNode invalid = MAPPER.createObjectNode();
        invalid.putObject("configuration").put("event.poller.refresh_interval", -1);
        Answer refused = call("PATCH", path, invalid);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("problems").get(0).path("key").asText()).isEqualTo("event.poller.refresh_interval");
        assertThat(call("GET", path, null).body().path("configuration").path("event.poller.refresh_interval").asDouble())
                .as("a refused patch changes nothing").isEqualTo(0.02);

        // a value copied back from an answer, mask and all, would put the mask where the secret was
        String shownUrl = callback.url() + "?token=********";
        ObjectNode copiedBack = MAPPER.createObjectNode();
        copiedBack.putObject("configuration").put("event.notification.callback.url", shownUrl).put("password", "********");
        Answer masked = call("PATCH", path, copiedBack);
        assertThat(masked.status()).isEqualTo(400);
        assertThat(masked.body().path("problems").findValuesAsText("key"))
                .containsExactly("event.notification.callback.url", "password");
        assertThat(masked.body().path("problems").get(0).path("reason").asText()).contains("send the whole value itself");
    }

    @Test
    void deleteStopsAndRemoves() throws Exception {
        JsonNode instance = call("POST", "/instances", seedPolling()).body();
        String path = "/instances/" + instance.path("id").asText();

        Answer deleted = call("DELETE", path, null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(call("GET", path, null).status()).isEqualTo(404);
        assertThat(gateway.context().getRoutes()).noneMatch(r -> r.getRouteId().startsWith("openconnectors-"));
        assertThat(call("POST", "/instances", seedPolling()).body().path("id").asLong())
                .as("ids are not reused").isGreaterThan(instance.path("id").asLong());
    }

    @Test
    void pollNowPollsAtOnceDespiteALongInterval() throws Exception {
        ObjectNode body = seedPolling();
        ((ObjectNode) body.get("configuration")).put("event.poller.refresh_interval", 60);
        JsonNode instance = call("POST", "/instances", body).body();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() == 1); // the first poll, one second after start
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        Answer accepted = call("POST", "/instances/" + instance.path("id").asText() + "/events/poll", null);

        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        assertThat(vendor.requests()).hasSize(2);
    }

    @Test
    void secretsAppearInNoAnswerAndNoLogLine() throws Exception {
        try (LogCapture logs = LogCapture.capture(Level.DEBUG)) {
            JsonNode instance = call("POST", "/instances", seedPolling()).body();
            callback.failNext(500);
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());
            await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
            ObjectNode patch = MAPPER.createObjectNode();
            patch.putObject("configuration").put("password", "n3w-s3cret-pw");
            call("PATCH", "/instances/" + instance.path("id").asText(), patch);
            call("GET", "/instances", null);
            call("DELETE", "/instances/" + instance.path("id").asText(), null);

            assertThat(logs.all()).contains("openconnectors-" + instance.path("id").asText())
                    .doesNotContain("crm-password-123").doesNotContain("sig-key-456").doesNotContain("n3w-s3cret-pw")
                    .doesNotContain(TOKEN);
        }
    }

    @Test
    void healthReportsEachInstance() throws Exception {
        vendor.clockOffset(java.time.Duration.ofSeconds(-30));
        JsonNode instance = call("POST", "/instances", seedPolling()).body();
        String id = instance.path("id").asText();
        await().atMost(10, SECONDS).until(() -> health().path("status").asText().equals("UP"));
        await().atMost(10, SECONDS).until(() -> findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + id)
                .path("data").has("vendorClockSkewMs.openconnectors-" + id + "-poll-contacts"));
        assertThat(findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + id).path("data")
                .path("vendorClockSkewMs.openconnectors-" + id + "-poll-contacts").asLong()).isBetween(-31_000L, -29_000L);

        vendor.failNext(io.openconnectors.camel.test.VendorStub.Answer.status(503));
        for (int i = 0; i < 100; i++) {
            vendor.failNext(io.openconnectors.camel.test.VendorStub.Answer.status(503));
        }
        await().atMost(10, SECONDS).until(() -> health().path("status").asText().equals("DOWN"));
        JsonNode check = findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + id);
        assertThat(check.path("status").asText()).isEqualTo("DOWN");
        assertThat(check.toString()).contains("HTTP 503");
        // without the token: the status, nothing of the configuration
        Answer anonymous = call("GET", "/observe/health?data=true", null, null);
        assertThat(anonymous.status()).isEqualTo(503);
        assertThat(anonymous.body()).isEqualTo(MAPPER.createObjectNode().put("status", "DOWN"));
    }

    @Test
    void anInstanceWhoseCallbackKeepsFailingIsDownWithTheReasonUntilItAnswersAgain() throws Exception {
        gateway.close();
        System.setProperty("camel.component.openconnectors.callback-down-after", "0");
        compressRetries(1000);
        startGateway(TOKEN);
        callback.refuseAll(503);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(20, SECONDS).until(() -> findCheck(call("GET", "/observe/health?data=true", null).body(),
                "instance-" + id).path("status").asText().equals("DOWN"));
        JsonNode check = findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + id);
        // Camel's health endpoint writes each slash of a message as \/
        assertThat(check.path("message").asText().replace("\\/", "/"))
                .startsWith("callback " + callback.baseUrl() + " has failed for")
                .endsWith("last: HTTP 503)");
        assertThat(findCheck(call("GET", "/observe/health?data=true", null).body(), "callbacks").path("status").asText())
                .isEqualTo("DOWN");

        callback.accept();
        await().atMost(20, SECONDS).until(() -> !callback.accepted().isEmpty());
        await().atMost(10, SECONDS).until(() -> findCheck(call("GET", "/observe/health?data=true", null).body(),
                "instance-" + id).path("status").asText().equals("UP"));
    }

    @Test
    void anInstanceWhoseBacklogPassesTheBoundIsDownWithTheCount() throws Exception {
        gateway.close();
        System.setProperty("camel.component.openconnectors.backlog-down-above", "1");
        startGateway(TOKEN);
        callback.refuseAll(503);
        ObjectNode webhooks = MAPPER.createObjectNode();
        webhooks.putObject("element").put("key", "crm");
        webhooks.put("name", "CRM webhooks");
        webhooks.putObject("configuration").put("event.notification.enabled", true).put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callback.url()).put("event.webhook.object.type", "contacts");
        String id = call("POST", "/instances", webhooks).body().path("id").asText();
        assertThat(call("POST", "/events/crm/" + id, "[{\"id\":\"c-1\"}]", null).status()).isEqualTo(200);
        assertThat(call("POST", "/events/crm/" + id, "[{\"id\":\"c-2\"}]", null).status()).isEqualTo(200);

        await().atMost(20, SECONDS).until(() -> findCheck(call("GET", "/observe/health?data=true", null).body(),
                "instance-" + id).path("status").asText().equals("DOWN"));
        assertThat(findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + id).path("message").asText())
                .isEqualTo("instance " + id + " has 2 notifications waiting for delivery, more than 1 (backlogDownAbove)");
    }

    @Test
    void metricsCountPollsWebhooksAndDeliveriesByInstanceAndCallbackHost() throws Exception {
        String polling = call("POST", "/instances", seedPolling()).body().path("id").asText();
        ObjectNode webhooks = MAPPER.createObjectNode();
        webhooks.putObject("element").put("key", "crm");
        webhooks.put("name", "CRM webhooks");
        webhooks.putObject("configuration").put("event.notification.enabled", true).put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callback.url()).put("event.webhook.object.type", "contacts");
        String hooked = call("POST", "/instances", webhooks).body().path("id").asText();
        callback.failNext(503);
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(call("POST", "/events/crm/" + hooked, "[{\"id\":\"c-2\"}]", null).status()).isEqualTo(200);
        assertThat(call("POST", "/events/crm/" + hooked, "{not json", null).status()).isEqualTo(400);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 2);

        String host = "host=\"" + callback.baseUrl() + "\"";
        await().atMost(10, SECONDS).untilAsserted(() -> assertThat(metrics())
                .contains("openconnectors_poll_events_total{instance=\"" + polling + "\",resource=\"contacts\"} 1.0")
                .containsPattern("openconnectors_poll_seconds_count\\{instance=\"" + polling
                                 + "\",outcome=\"success\",resource=\"contacts\"} [1-9]")
                .contains("openconnectors_webhooks_total{instance=\"" + hooked + "\",outcome=\"accepted\",reason=\"none\"} 1.0")
                .contains("openconnectors_webhooks_total{instance=\"" + hooked + "\",outcome=\"refused\",reason=\"bad_request\"} 1.0")
                .contains("openconnectors_notifications_stored_total{instance=\"" + polling + "\"} 1.0")
                .contains("openconnectors_notifications_total{" + host + ",outcome=\"retried\"} 1.0")
                .contains("openconnectors_notifications_total{" + host + ",outcome=\"delivered\"} 2.0")
                .contains("openconnectors_delivery_attempt_seconds_count{" + host + ",status=\"5xx\"} 1")
                .contains("openconnectors_delivery_latency_seconds_count{" + host + "} 2")
                .containsPattern("openconnectors_notifications_backlog\\{status=\"NOTIFIED\"} [0-9]"));
        assertThat(call("GET", "/observe/metrics", null, null).status()).as("metrics need the token").isEqualTo(401);
    }

    private String metrics() throws Exception {
        Answer scraped = call("GET", "/observe/metrics", null);
        assertThat(scraped.status()).isEqualTo(200);
        return scraped.raw().body();
    }

    @Test
    void instancesAddNoListenerToCamelAndTheirHealthChecksComeAndGoWithThem() throws Exception {
        int notifiers = gateway.context().getManagementStrategy().getEventNotifiers().size();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(call("POST", "/instances", seedPolling()).body().path("id").asText());
        }
        ObjectNode webhooks = MAPPER.createObjectNode();
        webhooks.putObject("element").put("key", "crm");
        webhooks.put("name", "CRM webhooks");
        webhooks.putObject("configuration").put("event.notification.enabled", true).put("event.vendor.type", "webhooks")
                .put("event.notification.callback.url", callback.url()).put("event.webhook.object.type", "contacts");
        Answer webhookInstance = call("POST", "/instances", webhooks);
        assertThat(webhookInstance.status()).as(webhookInstance.body().toString()).isEqualTo(200);
        ids.add(webhookInstance.body().path("id").asText());

        // Camel Main's HTTP servers once added an event notifier for every route added after start
        assertThat(gateway.context().getManagementStrategy().getEventNotifiers()).hasSize(notifiers);
        JsonNode checks = call("GET", "/observe/health?data=true", null).body();
        assertThat(ids).allSatisfy(id -> assertThat(findCheck(checks, "instance-" + id).path("status").asText()).isEqualTo("UP"));
        assertThat(call("DELETE", "/instances/" + ids.get(0), null).status()).isEqualTo(200);
        assertThatThrownBy(() -> findCheck(call("GET", "/observe/health?data=true", null).body(), "instance-" + ids.get(0)))
                .hasMessageContaining("no check instance-" + ids.get(0));
    }

    private JsonNode health() throws Exception {
        return call("GET", "/observe/health", null, null).body();
    }

    private static JsonNode findCheck(JsonNode health, String id) {
        for (JsonNode check : health.path("checks")) {
            if (check.path("name").asText().equals(id) || check.path("id").asText().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check " + id + " in " + health);
    }

    private long pollDelay(JsonNode instance) {
        String routeId = instance.path("events").path("routes").get(0).asText();
        return ((ScheduledPollConsumer) gateway.context().getRoute(routeId).getConsumer()).getDelay();
    }
}
