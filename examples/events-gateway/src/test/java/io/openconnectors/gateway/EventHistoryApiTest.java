package io.openconnectors.gateway;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event history and redelivery over the API: statuses, attempts, paging, queued notifications redelivered with
 * their ids.
 */
class EventHistoryApiTest extends GatewayTestSupport {

    @Test
    void eachNotificationShowsItsStatusEventsAndAttempts() throws Exception {
        compressRetries(5);
        startGateway(TOKEN);
        callback.failNext(500);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        await().atMost(10, SECONDS).until(() -> call("GET", "/instances/" + id + "/events", null).body()
                .path(0).path("status").asText().equals("NOTIFIED"));
        JsonNode listed = call("GET", "/instances/" + id + "/events", null).body();
        assertThat(listed).hasSize(1);
        JsonNode event = listed.get(0);
        assertThat(event.path("eventId").asText()).isEqualTo(callback.accepted().get(0).eventId());
        assertThat(event.path("events").get(0).path("objectId").asText()).isEqualTo("c-1");
        assertThat(event.path("attempts").findValuesAsText("httpStatus")).containsExactly("500", "200");
        assertThat(event.path("attempts").get(0).path("error").asText()).contains("answered HTTP 500");

        Answer single = call("GET", "/instances/events/" + event.path("eventId").asText(), null);
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.body()).isEqualTo(event);
        assertThat(call("GET", "/instances/events/no-such-event", null).status()).isEqualTo(404);
        assertThat(call("GET", "/instances/999/events", null).status()).isEqualTo(404);
    }

    @Test
    void theHistoryIsNewestFirstAndPaged() throws Exception {
        startGateway(TOKEN);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        for (int i = 0; i < 3; i++) {
            vendor.put("c-" + i, "Contact " + i, Instant.now(), Instant.now());
            int delivered = i + 1;
            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == delivered);
        }

        JsonNode first = call("GET", "/instances/" + id + "/events?pageSize=2", null).body();
        JsonNode second = call("GET", "/instances/" + id + "/events?pageSize=2&page=2", null).body();

        assertThat(first).hasSize(2);
        assertThat(second).hasSize(1);
        assertThat(first.get(0).path("events").get(0).path("objectId").asText()).isEqualTo("c-2");
        assertThat(second.get(0).path("events").get(0).path("objectId").asText()).isEqualTo("c-0");
        assertThat(call("GET", "/instances/" + id + "/events?pageSize=1000", null).status()).isEqualTo(400);
        assertThat(call("GET", "/instances/" + id + "/events?page=zero", null).status()).isEqualTo(400);
    }

    @Test
    void queuedNotificationsAreListedAndRedeliveredWithTheirIds() throws Exception {
        compressRetries(0);
        startGateway(TOKEN);
        callback.failNext(503, 503);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> call("GET", "/instances/events", null).body().size() == 1);
        vendor.put("c-2", "Grace", Instant.now(), Instant.now());
        await().atMost(10, SECONDS).until(() -> call("GET", "/instances/events?status=QUEUED&instance=" + id, null).body().size() == 2);

        JsonNode queued = call("GET", "/instances/events?status=queued", null).body();
        String firstId = queued.get(0).path("eventId").asText();
        assertThat(queued.get(0).path("status").asText()).isEqualTo("QUEUED");

        Answer one = call("POST", "/instances/events/" + firstId + "/redeliver", null);
        assertThat(one.status()).isEqualTo(202);
        assertThat(one.body().path("redelivered").get(0).asText()).isEqualTo(firstId);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);
        assertThat(callback.deliveries().get(callback.deliveries().size() - 1).request().header("Elements-Webhook-Id")).isEqualTo(firstId);

        Answer rest = call("POST", "/instances/" + id + "/events/redeliver", null);
        assertThat(rest.body().path("redelivered")).hasSize(1);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 2);
        assertThat(call("GET", "/instances/events", null).body()).isEmpty();
        assertThat(call("POST", "/instances/events/" + firstId + "/redeliver", null).status())
                .as("a delivered notification is not redelivered").isEqualTo(409);
        assertThat(call("POST", "/instances/events/redeliver", null).body().path("redelivered")).isEmpty();
    }
}
