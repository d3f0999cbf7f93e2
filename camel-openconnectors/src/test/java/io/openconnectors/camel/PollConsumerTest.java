package io.openconnectors.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.test.CallbackReceiver.Delivery;
import io.openconnectors.camel.callback.CallbackFailedException;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.RecordedRequest;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code openconnectors:poll} in hand-written routes against a stand-in vendor and callback receiver.
 */
class PollConsumerTest extends PollTestSupport {

    @Test
    void manyChangesArePagedAndSplitIntoNotificationsOfTen() throws Exception {
        Instant now = Instant.now();
        for (int i = 0; i < 250; i++) {
            vendor.put(String.format("c-%03d", i), "Contact " + i, now.minusSeconds(3600), now.minusSeconds(30));
        }
        startRoute("paged", pollUri(HUB_PATH, "pageSize=100&backfillFrom=" + now.minusSeconds(60)));

        await().atMost(20, SECONDS).until(() -> callback.accepted().size() >= 25);
        // later polls read the overlap again but find nothing new
        int requestsSoFar = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 3);

        List<EventNotification> notifications = callback.accepted();
        assertThat(notifications).hasSize(25).allSatisfy(n -> assertThat(n.events()).hasSize(10));
        Set<String> ids = new HashSet<>();
        notifications.forEach(n -> n.events().forEach(e -> ids.add(e.objectId())));
        assertThat(ids).hasSize(250);
        assertThat(notifications.get(0).events()).allSatisfy(e -> assertThat(e.eventType()).isEqualTo(EventType.UPDATED));
        assertThat(notifications.get(0).raw().path("contacts")).hasSize(10);

        List<RecordedRequest> firstPoll = vendor.requests().subList(0, 3);
        assertThat(firstPoll).extracting(r -> r.query().get("pageSize")).containsOnly("100");
        assertThat(firstPoll).extracting(r -> r.query().get("nextPage")).containsExactly(null, "100", "200");
    }

    @Test
    void theMacroStandsForTheWindowStartMinusDelayAndOverlap() throws Exception {
        startRoute("macro", pollUri(HUB_PATH, "backfillFrom=2026-01-01T00:00:10Z&windowOverlap=5&pollDelay=3"));

        await().atMost(10, SECONDS).until(() -> !vendor.requests().isEmpty());

        assertThat(vendor.requests().get(0).query().get("where")).isEqualTo("lastUpdated>'2026-01-01T00:00:02Z'");
    }

    @Test
    void aBoundaryRecordIsEmittedOnceAndASecondChangeInTheSameSecondAgain() throws Exception {
        startRoute("boundary", pollUri(HUB_PATH, ""));
        Instant stamp = Instant.now();
        vendor.put("c-1", "Ada", stamp.minusSeconds(60), stamp);
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);

        // the record stays inside the overlap that every later poll reads again
        int requestsSoFar = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 5);
        assertThat(callback.accepted()).hasSize(1);

        vendor.put("c-1", "Ada Lovelace", stamp.minusSeconds(60), stamp); // same second, different content
        await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 2);
        assertThat(callback.accepted().get(1).raw().path("contacts").get(0).path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(callback.accepted().get(1).events().get(0).date()).isEqualTo(callback.accepted().get(0).events().get(0).date());
    }

    @Test
    void aFailedDeliveryKeepsTheWindowAndTheNextPollReadsItAgain() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            callback.failNext(500);
            startRoute("retry", pollUri(HUB_PATH, ""));
            vendor.put("c-1", "Ada", Instant.now(), Instant.now());

            await().atMost(10, SECONDS).until(() -> callback.accepted().size() == 1);

            List<Delivery> deliveries = callback.deliveries();
            assertThat(deliveries).hasSize(2);
            assertThat(deliveries.get(0).status()).isEqualTo(500);
            assertThat(deliveries.get(1).status()).isEqualTo(200);
            // read again, the same change gives the same notification id: receivers can drop duplicates
            assertThat(deliveries.get(1).notification().eventId()).isEqualTo(deliveries.get(0).notification().eventId());
            assertThat(logs.containing("Poll of instance 't1' resource 'contacts' failed: the route failed on notification"))
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line.thrown()).isNull());
            // the route's error handler logs the failure too: one line for an HTTP answer, not a stack trace
            assertThat(logs.lines()).filteredOn(line -> line.thrown() != null).allSatisfy(line -> {
                assertThat(line.thrown()).isInstanceOf(CallbackFailedException.class).hasNoCause();
                assertThat(line.thrown().getStackTrace()).isEmpty();
            });
            assertThat(logs.containing("Callback host " + callback.baseUrl() + " is failing: 1 attempts failed")).hasSize(1);
        }
    }

    @Test
    void recordsWithoutIdOrWithABadDateAreSkippedWithAWarningAndTheOthersGoOn() throws Exception {
        try (LogCapture logs = LogCapture.capture()) {
            startRoute("skips", pollUri("/offset/contacts", "paging=offset&pageSize=50"));
            Instant now = Instant.now();
            vendor.put("good-1", "Ada", now, now);
            ObjectNode noId = vendor.put("no-id", "No id", now, now).deepCopy();
            noId.remove("id");
            vendor.putRaw("no-id", noId);
            ((ObjectNode) vendor.put("bad-date", "Bad", now, now).get("_info")).put("lastUpdated", "yesterday at noon");
            vendor.put("good-2", "Grace", now, now);

            await().atMost(10, SECONDS).until(() -> callback.accepted().stream().mapToInt(n -> n.events().size()).sum() == 2);
            int requestsSoFar = vendor.requests().size();
            await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 3);

            assertThat(callback.accepted().stream().flatMap(n -> n.events().stream()).map(ChangeEvent::objectId))
                    .containsExactlyInAnyOrder("good-1", "good-2");
            // one warning each, although every poll meets the records again
            assertThat(logs.containing("Skipped a record of instance 't1' resource 'contacts': idField 'id' is missing"))
                    .hasSize(1);
            assertThat(logs.containing(
                    "Skipped a record of instance 't1' resource 'contacts': updatedDateField '_info.lastUpdated' value 'yesterday at noon'"))
                    .hasSize(1);
        }
    }

    @Test
    void recordsNotChangedInTheWindowAreNotEvents() throws Exception {
        Instant now = Instant.now();
        vendor.put("old", "Old", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2)));
        startRoute("old", pollUri("/offset/contacts", "paging=offset&pageSize=50")); // no filter: the vendor returns all
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 2);
        vendor.put("new", "New", now.minusSeconds(3600), Instant.now());

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        assertThat(callback.accepted()).singleElement()
                .satisfies(n -> assertThat(n.events()).extracting(ChangeEvent::objectId).containsExactly("new"));
    }

    @Test
    void filterByCurrentDateLeavesRecordsStampedAfterThePollStartForLater() throws Exception {
        startRoute("current", pollUri("/offset/contacts", "paging=offset&pageSize=50&filterByCurrentDate=true"));
        Instant now = Instant.now();
        vendor.put("future", "Future", now, now.plus(Duration.ofHours(1)));
        vendor.put("present", "Present", now, now);

        await().atMost(10, SECONDS).until(() -> !callback.accepted().isEmpty());
        int requestsSoFar = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requestsSoFar + 3);
        assertThat(callback.accepted()).singleElement()
                .satisfies(n -> assertThat(n.events()).extracting(ChangeEvent::objectId).containsExactly("present"));
    }

    @Test
    void eachNotificationIsOneExchangeWithTheEnvelopeAsBody() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(pollUri(HUB_PATH, "elementKey=crm&instanceName=My CRM")).routeId("mock").to("mock:events");
            }
        });
        MockEndpoint events = getMockEndpoint("mock:events");
        events.expectedMessageCount(1);
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        events.assertIsSatisfied(10_000);
        var message = events.getReceivedExchanges().get(0).getMessage();
        EventNotification body = message.getBody(EventNotification.class);
        assertThat(message.getHeader(OpenConnectorsConstants.EVENT_ID)).isEqualTo(body.eventId());
        assertThat(message.getHeader(OpenConnectorsConstants.INSTANCE_ID)).isEqualTo("t1");
        assertThat(message.getHeader(OpenConnectorsConstants.RESOURCE)).isEqualTo("contacts");
        assertThat(message.getHeader(OpenConnectorsConstants.EVENT_COUNT)).isEqualTo(1);
        assertThat(body.instanceName()).isEqualTo("My CRM");
        assertThat(body.events().get(0).elementKey()).isEqualTo("crm");
        assertThat(message.getBody(String.class)).startsWith("{\"message\":{\"eventId\":\"" + body.eventId() + "\"");
    }

    @Test
    void theSchedulerBackoffOptionsApplyToVendorFaults() throws Exception {
        for (int i = 0; i < 50; i++) {
            vendor.failNext(VendorStub.Answer.status(503));
        }
        startRoute("backoff", pollUri(HUB_PATH, "backoffErrorThreshold=1&backoffMultiplier=20"));

        ScheduledPollConsumer consumer = (ScheduledPollConsumer) context.getRoute("backoff").getConsumer();
        await().atMost(10, SECONDS).until(() -> consumer.getBackoffCounter() > 3);
        // while backing off the consumer skips its polls: one request per 21 ticks at most
        assertThat(vendor.requests()).hasSizeLessThanOrEqualTo(2);
    }
}
