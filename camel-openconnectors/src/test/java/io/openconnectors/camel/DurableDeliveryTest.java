package io.openconnectors.camel;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.store.DeliveryAttempt;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.HistoryFilter;
import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.store.NotificationRecord;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver.Delivery;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.Notifications;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.RecordedRequest;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Durable delivery through the event store, on H2 and on PostgreSQL: stored before acknowledged, retried on the
 * schedule (in compressed time), Retry-After honoured, 410 queues, queued notifications redelivered with their id,
 * ordered delivery, bounded concurrency per host, and pending work picked up after a restart.
 */
class DurableDeliveryTest {

    @TempDir
    Path folder;

    private final CallbackReceiver receiver = new CallbackReceiver();
    private DataSource dataSource;
    private Databases database;
    private JdbcEventStore store;
    private DefaultCamelContext camel;

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        receiver.close();
        if (dataSource != null) {
            database.drop(dataSource);
        }
    }

    /** A context with the store, and a route from direct:in to the receiver; the retry unit is one millisecond. */
    private DefaultCamelContext start(Databases db, String callbackOptions, Map<String, Object> componentOptions) throws Exception {
        if (dataSource == null) {
            database = db;
            dataSource = db.create(folder);
        }
        store = new JdbcEventStore(dataSource);
        store.migrate();
        camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setEventStore(store);
        component.setRetryUnit(1);
        component.setRetryJitter(0);
        component.setDeliveryLease(2000);
        org.apache.camel.support.PropertyBindingSupport.build().bind(camel, component, new HashMap<>(componentOptions));
        camel.addComponent("openconnectors", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("openconnectors:callback:crm?callbackUrl=" + receiver.url() + "&signatureSecret=k"
                                     + callbackOptions);
            }
        });
        camel.start();
        return camel;
    }

    private void send(String eventId, String instanceId) {
        camel.createProducerTemplate().sendBody("direct:in", Notifications.contactCreated(eventId, instanceId));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aNotificationIsStoredBeforeTheExchangeCompletesAndDeliveredWithItsAttempts(Databases db) throws Exception {
        start(db, "", Map.of());
        receiver.failNext(500, 502);

        send("n-1", "i-1");
        assertThat(store.find("n-1")).as("stored when the exchange completed").isPresent();

        await().atMost(10, SECONDS).until(() -> status("n-1") == NotificationStatus.NOTIFIED);
        NotificationRecord record = store.find("n-1").orElseThrow();
        assertThat(record.attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(500, 502, 200);
        assertThat(record.attempts()).extracting(DeliveryAttempt::number).containsExactly(1, 2, 3);
        assertThat(receiver.deliveries()).extracting(d -> d.request().header("Elements-Webhook-Id")).containsOnly("n-1");
        RecordedRequest post = receiver.deliveries().get(2).request();
        assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + SeedInstanceTest.hmac("k", post.body()));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aRouteWithoutTransactionStoresANotificationWholeOrNotAtAll(Databases db) throws Exception {
        start(db, "", Map.of());
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // the second insert fails: every body is refused
            sql.execute("ALTER TABLE oc_body_seq ADD CONSTRAINT no_body CHECK (seq < 0)");
        }

        assertThatThrownBy(() -> send("n-half", "i-1")).isInstanceOf(CamelExecutionException.class);

        assertThat(store.find("n-half")).as("no notification without its body: it could never be delivered").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aNotificationWithoutItsBodyIsQueuedAndStoringItAgainBringsItBack(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        new JdbcEventStore(dataSource).migrate();
        long now = Instant.now().toEpochMilli();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO oc_notification (event_id, instance_id, sender, in_order, event_count, status, attempts, "
                        + "created_at, next_attempt_at) VALUES ('n-bodiless', 'i-1', 'crm', FALSE, 1, 'STORED', 0, " + now
                        + ", " + now + ")");
        }
        try (LogCapture logs = LogCapture.capture()) {
            start(db, "", Map.of());

            await().atMost(10, SECONDS).until(() -> "QUEUED".equals(rawStatus("n-bodiless")));
            assertThat(logs.all()).contains("Notification n-bodiless has no body in the store: queued");
        }
        send("n-bodiless", "i-1"); // the producer stores it again, as a vendor re-sends a webhook
        store.redeliver(null, "n-bodiless");

        await().atMost(10, SECONDS).until(() -> status("n-bodiless") == NotificationStatus.NOTIFIED);
        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("n-bodiless");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void retriesFollowTheScheduleAndTheLastFailureQueues(Databases db) throws Exception {
        start(db, "", Map.of("maxRetries", 3));
        receiver.failNext(500, 500, 500, 500, 500);

        send("n-2", "i-1");

        await().atMost(20, SECONDS).until(() -> status("n-2") == NotificationStatus.QUEUED);
        List<Delivery> tries = receiver.deliveries();
        assertThat(tries).hasSize(4); // the first delivery and 3 retries
        // 2^(3x) units of 1 ms before retry x: 8, 64, 512 ms
        assertThat(gap(tries, 0, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(8));
        assertThat(gap(tries, 1, 2)).isGreaterThanOrEqualTo(Duration.ofMillis(64));
        assertThat(gap(tries, 2, 3)).isGreaterThanOrEqualTo(Duration.ofMillis(512));
        assertThat(store.find("n-2").orElseThrow().lastError()).contains("answered HTTP 500");
        send("n-3", "i-1");
        send("n-4", "i-2");
        await().atMost(10, SECONDS).until(() -> status("n-3") == NotificationStatus.NOTIFIED
                                                && status("n-4") == NotificationStatus.NOTIFIED);
        assertThat(store.backlogByInstance()).as("the queued one waits; delivered ones are no backlog")
                .containsExactly(Map.entry("i-1", 1L));
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theLogFiltersNewestFirstAPageAtATimeAndTheMinutesCountWhatAttemptsCameTo(Databases db) throws Exception {
        Instant started = Instant.now();
        start(db, "", Map.of("maxRetries", 1));
        receiver.failNext(500, 500, 503);
        send("n-1", "i-1"); // fails twice: retried, then queued
        await().atMost(10, SECONDS).until(() -> status("n-1") == NotificationStatus.QUEUED);
        send("n-2", "i-1"); // fails once, then delivered
        await().atMost(10, SECONDS).until(() -> status("n-2") == NotificationStatus.NOTIFIED);
        Instant beforeTheLast = Instant.now();
        send("n-3", "i-2");
        await().atMost(10, SECONDS).until(() -> status("n-3") == NotificationStatus.NOTIFIED);

        assertThat(store.search(new HistoryFilter(null, Set.of(), null, null, null), 10))
                .extracting(NotificationRecord::eventId).containsExactly("n-3", "n-2", "n-1");
        List<NotificationRecord> firstPage = store.search(new HistoryFilter("i-1", Set.of(), null, null, null), 1);
        assertThat(firstPage).extracting(NotificationRecord::eventId).containsExactly("n-2");
        assertThat(firstPage.get(0).attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(503, 200);
        assertThat(store.search(new HistoryFilter("i-1", Set.of(), null, null, firstPage.get(0).sequence()), 1))
                .extracting(NotificationRecord::eventId).containsExactly("n-1");
        assertThat(store.search(new HistoryFilter(null, Set.of(NotificationStatus.QUEUED), null, null, null), 10))
                .extracting(NotificationRecord::eventId).containsExactly("n-1");
        assertThat(store.search(new HistoryFilter(null, Set.of(), beforeTheLast, null, null), 10))
                .extracting(NotificationRecord::eventId).containsExactly("n-3");
        assertThat(store.search(new HistoryFilter(null, Set.of(), started, beforeTheLast, null), 10))
                .extracting(NotificationRecord::eventId).containsExactly("n-2", "n-1");

        List<MinuteOutcomes> all = store.outcomesPerMinute(started.minus(Duration.ofMinutes(1)), null);
        assertThat(all.stream().mapToLong(MinuteOutcomes::delivered).sum()).isEqualTo(2);
        assertThat(all.stream().mapToLong(MinuteOutcomes::retried).sum()).as("n-1's first, n-2's first").isEqualTo(2);
        assertThat(all.stream().mapToLong(MinuteOutcomes::queued).sum()).as("n-1's last").isEqualTo(1);
        assertThat(all).allSatisfy(m -> assertThat(m.minute().getEpochSecond() % 60).isZero());
        List<MinuteOutcomes> secondInstance = store.outcomesPerMinute(started.minus(Duration.ofMinutes(1)), "i-2");
        assertThat(secondInstance.stream().mapToLong(m -> m.delivered() + m.retried() + m.queued()).sum()).isEqualTo(1);
        assertThat(store.outcomesPerMinute(Instant.now().plus(Duration.ofMinutes(1)), null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void retryAfterIsHonoured(Databases db) throws Exception {
        start(db, "", Map.of());
        receiver.failNextWith(503, Map.of("Retry-After", "2"));

        send("n-3", "i-1");

        await().atMost(10, SECONDS).until(() -> status("n-3") == NotificationStatus.NOTIFIED);
        assertThat(gap(receiver.deliveries(), 0, 1)).isGreaterThanOrEqualTo(Duration.ofMillis(1900)); // not 8 ms
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void goneQueuesTheCallbacksNotificationsAndRedeliveryKeepsTheirIds(Databases db) throws Exception {
        start(db, "", Map.of("maxDeliveriesPerHost", 1)); // n-5 waits in the host's lane while n-4 is in flight
        receiver.holdAnswers();
        send("n-4", "i-1");
        await().atMost(10, SECONDS).until(() -> receiver.requests().size() == 1);
        send("n-5", "i-1");
        await().atMost(10, SECONDS).until(() -> status("n-5") == NotificationStatus.DISPATCHED); // claimed, waiting
        receiver.failNext(410);
        receiver.releaseAnswers();

        await().atMost(10, SECONDS).until(() -> status("n-4") == NotificationStatus.QUEUED
                                                && status("n-5") == NotificationStatus.QUEUED);
        assertThat(receiver.requests()).as("nothing more sent to the gone callback").hasSize(1);
        assertThat(store.listByStatus(Set.of(NotificationStatus.QUEUED), "i-1", 10)).extracting(NotificationRecord::eventId)
                .containsExactly("n-4", "n-5");

        assertThat(camel.getComponent("openconnectors", OpenConnectorsComponent.class).redeliver("i-1", null))
                .containsExactly("n-4", "n-5");
        await().atMost(10, SECONDS).until(() -> status("n-4") == NotificationStatus.NOTIFIED
                                                && status("n-5") == NotificationStatus.NOTIFIED);
        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactlyInAnyOrder("n-4", "n-5");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aDeliveryUnderWayWhenItsSenderIsRetiredIsQueuedWithTheReasonInsteadOfRetried(Databases db) throws Exception {
        start(db, "", Map.of());
        receiver.holdAnswers();
        send("r-1", "i-1");
        await().atMost(10, SECONDS).until(() -> receiver.requests().size() == 1);

        store.retire("crm", "the instance was deleted"); // as the gateway does when it deletes an instance
        receiver.failNext(500);
        receiver.releaseAnswers();

        await().atMost(10, SECONDS).until(() -> status("r-1") == NotificationStatus.QUEUED);
        assertThat(store.find("r-1").orElseThrow().lastError()).isEqualTo("the instance was deleted");
        assertThat(store.find("r-1").orElseThrow().attempts()).extracting(DeliveryAttempt::httpStatus).containsExactly(500);
        send("r-2", "i-1");
        await().atMost(10, SECONDS).until(() -> status("r-2") == NotificationStatus.QUEUED);
        assertThat(receiver.requests()).as("nothing more sent for the retired callback").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void orderedDeliveryWaitsForTheEarlierNotification(Databases db) throws Exception {
        start(db, "&ordered=true", Map.of());
        receiver.failNext(500, 500, 500);

        for (int i = 1; i <= 5; i++) {
            send("o-" + i, "i-9");
        }

        await().atMost(20, SECONDS).until(() -> receiver.accepted().size() == 5);
        assertThat(receiver.deliveries()).extracting(d -> d.notification().eventId())
                .containsExactly("o-1", "o-1", "o-1", "o-1", "o-2", "o-3", "o-4", "o-5");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void deliveriesToOneHostAreBounded(Databases db) throws Exception {
        start(db, "", Map.of("maxDeliveriesPerHost", 2, "deliveryThreads", 8));
        for (int i = 0; i < 3; i++) { // a host that answers at once is given more at a time, up to the bound
            send("warm-" + i, "w-" + i);
        }
        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 3);
        receiver.holdAnswers();

        for (int i = 0; i < 10; i++) {
            send("p-" + i, "i-" + i);
        }
        await().atMost(10, SECONDS).until(() -> receiver.requests().size() == 5);
        // the other eight stay stored while two are in flight
        await().during(Duration.ofMillis(600)).atMost(2, SECONDS).until(() -> receiver.requests().size() == 5);
        // two more claimed, ready for the next free slots; the rest left alone in the store, not claimed and given back
        // over and over while the host is busy
        assertThat(store.countByStatus()).containsEntry(NotificationStatus.DISPATCHED, 4L);
        assertThat(store.listByStatus(Set.of(NotificationStatus.STORED), null, 10)).hasSize(6)
                .allSatisfy(waiting -> assertThat(waiting.nextAttemptAt()).isEqualTo(waiting.createdAt()));
        receiver.releaseAnswers();

        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 13);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aTransactionThatFailsAfterStoringGivesBackTheRoomItsNotificationsHeld(Databases db) throws Exception {
        start(db, "", Map.of("maxDeliveriesPerHost", 1)); // room for two: one running, one waiting
        for (int i = 0; i < 3; i++) {
            String id = "rolled-back-" + i;
            assertThatThrownBy(() -> store.inTransaction(() -> {
                send(id, "i-1"); // claimed at birth: room is kept for it until its commit
                throw new IllegalStateException("the webhook failed after its first notification");
            })).hasMessageContaining("failed after");
        }

        send("n-after", "i-1");

        await().atMost(10, SECONDS).until(() -> status("n-after") == NotificationStatus.NOTIFIED);
        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("n-after");
        assertThat(store.find("rolled-back-0")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void whatWaitsForAFreeSlotIsGivenBackWhenTheContextStops(Databases db) throws Exception {
        start(db, "", Map.of("maxDeliveriesPerHost", 1));
        receiver.holdAnswers();
        send("s-1", "i-1");
        await().atMost(10, SECONDS).until(() -> receiver.requests().size() == 1);
        send("s-2", "i-1");
        await().atMost(10, SECONDS).until(() -> status("s-2") == NotificationStatus.DISPATCHED); // claimed, waiting

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(camel::stop);
        await().atMost(10, SECONDS).until(() -> status("s-2") == NotificationStatus.STORED); // while s-1 is in flight
        receiver.releaseAnswers();
        stopping.get(20, SECONDS);

        // s-1's outcome is recorded, whichever it was (stopping closes the callback's connections)
        assertThat(status("s-1")).isIn(NotificationStatus.NOTIFIED, NotificationStatus.RETRY_SCHEDULED);
        assertThat(receiver.requests()).as("s-2 left for the next start, or another node").hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void whatADeadDispatcherHadClaimedIsDeliveredAfterTheLease(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        JdbcEventStore before = new JdbcEventStore(dataSource);
        before.migrate();
        before.store(new io.openconnectors.camel.store.StoredNotification("d-1", "i-1", "crm", false,
                io.openconnectors.camel.event.NotificationJson.toBytes(Notifications.contactCreated("d-1", "i-1")), 1, Instant.now()));
        // claimed, then the process died
        assertThat(before.claimDue(Instant.now(), Instant.now(), 10, callback -> true, Set.of())).hasSize(1);

        start(db, "", Map.of());

        await().atMost(10, SECONDS).until(() -> status("d-1") == NotificationStatus.NOTIFIED);
        assertThat(receiver.accepted()).extracting(EventNotification::eventId).containsExactly("d-1");
    }

    /** The status column itself: also for a notification the history cannot show. */
    private String rawStatus(String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT status FROM oc_notification WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private NotificationStatus status(String eventId) {
        return store.find(eventId).map(NotificationRecord::status).orElse(null);
    }

    private static Duration gap(List<Delivery> deliveries, int from, int to) {
        return Duration.between(deliveries.get(from).request().receivedAt(), deliveries.get(to).request().receivedAt());
    }

}
