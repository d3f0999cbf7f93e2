package io.openconnectors.camel;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.event.NotificationJson;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.RecordedRequest;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A webhook of 1,000 items in 50 parts, each repeating the vendor's body as its raw record, on H2 and PostgreSQL: the
 * store keeps that raw once, the callback receives and verifies the very bytes it received before the raw was kept
 * apart, and purging the notified parts removes the raw too. Bodies stored whole, as before, still deliver.
 */
class SharedRawTest {

    /** The envelope written at once, as the callback producer wrote it before. */
    private static final ObjectMapper WHOLE = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final int ITEMS = 1000;
    private static final int PER_PART = 20;

    @TempDir
    Path folder;

    private final CallbackReceiver receiver = new CallbackReceiver();
    private Databases database;
    private DataSource dataSource;
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

    private void start(Databases db) throws Exception {
        if (dataSource == null) {
            database = db;
            dataSource = db.create(folder);
        }
        store = new JdbcEventStore(dataSource);
        store.migrate();
        camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setEventStore(store);
        camel.addComponent("openconnectors", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to("openconnectors:callback:crm?callbackUrl=" + receiver.url() + "&signatureSecret=k");
            }
        });
        camel.start();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void theRawOfAWebhooksPartsIsStoredOnceAndEveryPartIsDeliveredAsTheSameBytes(Databases db) throws Exception {
        start(db);
        List<EventNotification> parts = webhook();
        long before = storedBytes();

        // as the webhook consumer stores a webhook's parts: in one transaction
        store.inTransaction(() -> {
            parts.forEach(part -> camel.createProducerTemplate().sendBody("direct:in", part));
            return null;
        });

        long rawLength = WHOLE.writeValueAsBytes(parts.get(0).raw()).length;
        assertThat(count("oc_raw")).as("one raw row for %d parts", parts.size()).isEqualTo(1);
        long aroundRaw = NotificationJson.toBytes(parts.get(0)).length - rawLength;
        assertThat(storedBytes() - before).as("the raw once (not %d times), and what is around it in each part", parts.size())
                .isLessThan(2 * rawLength + parts.size() * aroundRaw);
        await().atMost(20, SECONDS).until(() -> receiver.accepted().size() == parts.size());
        for (EventNotification part : parts) {
            byte[] expected = WHOLE.writeValueAsBytes(Map.of("message", part));
            assertThat(expected).isEqualTo(NotificationJson.toBytes(part));
            RecordedRequest post = receiver.deliveries().stream().map(CallbackReceiver.Delivery::request)
                    .filter(request -> part.eventId().equals(request.header("Elements-Webhook-Id"))).findFirst().orElseThrow();
            assertThat(post.body()).as("the bytes delivered").isEqualTo(expected);
            assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + SeedInstanceTest.hmac("k", expected));
            assertThat(store.find(part.eventId()).orElseThrow().body()).as("the history's bytes").isEqualTo(expected);
        }

        await().atMost(10, SECONDS).until(() -> store.countByStatus().get(NotificationStatus.NOTIFIED) == parts.size());
        assertThat(store.purgeNotified(Instant.now().plusSeconds(1))).isEqualTo(parts.size());
        assertThat(count("oc_raw")).as("the raw goes with the last part that referred to it").isZero();
        assertThat(count("oc_body_seq")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aBodyStoredWholeInAVersion1DatabaseIsMovedOnStartAndStillDelivered(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        new JdbcEventStore(dataSource).migrate();
        EventNotification old = webhook().get(0);
        long now = Instant.now().toEpochMilli();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // a version 1 database: no raw table, no raw reference, one notification stored whole
            sql.execute("DROP INDEX oc_body_raw");
            sql.execute("ALTER TABLE oc_body DROP COLUMN raw_id");
            sql.execute("ALTER TABLE oc_body DROP COLUMN tail");
            sql.execute("DROP TABLE oc_raw");
            sql.execute("ALTER TABLE oc_sender DROP COLUMN retired_reason");
            sql.execute("UPDATE oc_schema SET version = 1");
            sql.execute("INSERT INTO oc_notification (event_id, instance_id, sender, in_order, event_count, status, attempts, "
                        + "created_at) VALUES ('" + old.eventId() + "', 'i-1', 'crm', FALSE, 20, 'QUEUED', 6, " + now + ")");
            try (var insert = connection.prepareStatement("INSERT INTO oc_body (event_id, body) VALUES (?, ?)")) {
                insert.setString(1, old.eventId());
                insert.setBytes(2, NotificationJson.toBytes(old));
                insert.executeUpdate();
            }
            sql.execute("INSERT INTO oc_attempt (event_id, number, attempted_at, http_status, error, duration_ms) VALUES ('"
                        + old.eventId() + "', 1, " + now + ", 503, 'busy', 12)");
        }

        start(db); // migrates it
        assertThat(count("oc_body")).as("moved to the table keyed by sequence").isZero();
        assertThat(count("oc_attempt")).isZero();
        assertThat(store.find(old.eventId()).orElseThrow().attempts()).singleElement()
                .satisfies(attempt -> assertThat(attempt.httpStatus()).isEqualTo(503));
        assertThat(store.redeliver(null, old.eventId())).containsExactly(old.eventId()); // once its callback is running

        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 1);
        assertThat(receiver.deliveries().get(0).request().body()).isEqualTo(NotificationJson.toBytes(old));
        assertThat(store.find(old.eventId()).orElseThrow().body()).isEqualTo(NotificationJson.toBytes(old));
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet version = sql.executeQuery("SELECT version FROM oc_schema")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isEqualTo(4);
        }
    }

    /** One vendor body of 1,000 items, in parts of 20 that each repeat it whole. */
    private static List<EventNotification> webhook() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("events");
        List<ChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            String id = String.format("c-%05d", i);
            items.addObject().put("id", id).put("type", "contact.updated");
            events.add(ChangeEvent.of(EventType.UPDATED, id, "contacts", "crm", Instant.parse("2026-11-28T07:00:00Z")));
        }
        List<EventNotification> parts = new ArrayList<>();
        for (int from = 0; from < ITEMS; from += PER_PART) {
            parts.add(new EventNotification("w-" + from, "i-1", "CRM", "crm", events.subList(from, from + PER_PART), body));
        }
        return parts;
    }

    /** What the bodies take in the database: whole ones, and those kept apart from their raw with the raw once. */
    private long storedBytes() throws Exception {
        return sum("SELECT COALESCE(SUM(OCTET_LENGTH(body) + COALESCE(OCTET_LENGTH(tail), 0)), 0) FROM oc_body_seq")
               + sum("SELECT COALESCE(SUM(OCTET_LENGTH(body)), 0) FROM oc_raw");
    }

    private long count(String table) throws Exception {
        return sum("SELECT COUNT(*) FROM " + table);
    }

    private long sum(String query) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
