package io.openconnectors.gateway;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        assertThat(single.body().path("notification").path("message").path("events").get(0).path("objectId").asText()).isEqualTo("c-1");
        ObjectNode withoutBody = ((ObjectNode) single.body()).without("notification");
        assertThat((JsonNode) withoutBody).isEqualTo(event);
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

    @Test
    void theLogOfEveryInstanceIsFilteredAndPagedAndTheLastHourIsCountedPerMinute() throws Exception {
        compressRetries(0);
        startGateway(TOKEN);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        callback.failNext(503);
        for (int i = 0; i < 3; i++) {
            vendor.put("c-" + i, "Contact " + i, Instant.now(), Instant.now());
            int stored = i + 1;
            await().atMost(10, SECONDS).until(() -> callback.deliveries().size() == stored);
        }
        await().atMost(10, SECONDS).until(() -> call("GET", "/instances/events?status=QUEUED", null).body().size() == 1);

        JsonNode first = call("GET", "/instances/events/log?limit=2", null).body();
        assertThat(first.path("events")).extracting(e -> e.path("events").get(0).path("objectId").asText())
                .containsExactly("c-2", "c-1");
        JsonNode second = call("GET", "/instances/events/log?limit=2&before=" + first.path("next").asText(), null).body();
        assertThat(second.path("events")).extracting(e -> e.path("events").get(0).path("objectId").asText())
                .containsExactly("c-0");
        assertThat(second.has("next")).as("no older page").isFalse();
        JsonNode queued = call("GET", "/instances/events/log?status=QUEUED&instance=" + id, null).body();
        assertThat(queued.path("events")).extracting(e -> e.path("status").asText()).containsExactly("QUEUED");
        assertThat(call("GET", "/instances/events/log?until=2000-01-01T00:00:00Z", null).body().path("events")).isEmpty();

        JsonNode minutes = call("GET", "/instances/events/minutes?instance=" + id, null).body().path("minutes");
        assertThat(minutes).hasSize(60);
        long delivered = 0;
        long queuedAttempts = 0;
        for (JsonNode minute : minutes) {
            delivered += minute.path("delivered").asLong();
            queuedAttempts += minute.path("queued").asLong();
        }
        assertThat(delivered).isEqualTo(2);
        assertThat(queuedAttempts).isEqualTo(1);
        assertThat(Instant.parse(minutes.get(59).path("minute").asText())).isBeforeOrEqualTo(Instant.now())
                .isAfter(Instant.now().minusSeconds(120));

        assertThat(call("GET", "/instances/events/log?since=yesterday", null).body().path("error").asText())
                .startsWith("since: 'yesterday'");
        assertThat(call("GET", "/instances/events/log?status=LOST", null).body().path("error").asText()).startsWith("status:");
        assertThat(call("GET", "/instances/events/log?before=x", null).status()).isEqualTo(400);
        assertThat(call("GET", "/instances/events/minutes?instance=999", null).status()).isEqualTo(404);
        assertThat(call("GET", "/instances/events/minutes", null, null).status()).isEqualTo(401);
    }

    @Test
    void theListShowsEachInstancesHealthBacklogAndLastPoll() throws Exception {
        compressRetries(0);
        startGateway(TOKEN);
        callback.refuseAll(503);
        String id = call("POST", "/instances", seedPolling()).body().path("id").asText();
        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());
        // read at most every 10 s, as health reads it
        await().atMost(25, SECONDS).until(() -> call("GET", "/instances/" + id, null).body().path("backlog").asLong() == 1);

        JsonNode listed = call("GET", "/instances", null).body().get(0);
        assertThat(listed.path("health").path("status").asText()).isEqualTo("UP");
        assertThat(Instant.parse(listed.path("lastPollDate").asText())).isAfter(Instant.now().minusSeconds(60));
        assertThat(listed.path("backlog").asLong()).isEqualTo(1);

        call("PATCH", "/instances/" + id, "{\"configuration\": {\"base.url\": \"http://127.0.0.1:1\"}}");
        await().atMost(15, SECONDS).until(() -> call("GET", "/instances/" + id, null).body().path("health").path("status")
                .asText().equals("DOWN"));
        assertThat(call("GET", "/instances/" + id, null).body().path("health").path("reason").asText())
                .contains("last poll");
    }
}
