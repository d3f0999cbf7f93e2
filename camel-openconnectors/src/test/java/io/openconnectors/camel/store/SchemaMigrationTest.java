package io.openconnectors.camel.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;

import javax.sql.DataSource;

import io.openconnectors.camel.test.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema 3 keeps bodies and attempts under the notification's sequence number. Rows an older gateway writes to the
 * tables of schema 2 afterwards (it ran on beside the new one, or came back after a downgrade) are moved at the next
 * start, never lost, and never stop that start, also when they repeat what was moved already.
 */
class SchemaMigrationTest {

    private static final Instant CREATED = Instant.parse("2026-12-05T10:00:00Z");

    @TempDir
    Path folder;

    private Databases database;
    private DataSource dataSource;

    @AfterEach
    void drop() throws Exception {
        if (dataSource != null) {
            database.drop(dataSource);
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void rowsAnOlderGatewayWroteAfterTheMoveAreMovedAtTheNextStartAndRepeatsDoNotStopIt(Databases db) throws Exception {
        JdbcEventStore store = open(db);
        store.inTransaction(() -> store.store(notification("moved"))).join();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            // an older gateway stores a webhook again (the vendor re-sent it), records an attempt for it, and stores a
            // new one, all in the tables of schema 2
            insertOldBody(connection, "moved", "{\"old\":true}");
            sql.execute("INSERT INTO oc_attempt (event_id, number, attempted_at, http_status, error, duration_ms) "
                        + "VALUES ('moved', 1, 0, 200, NULL, 5)");
            sql.execute("INSERT INTO oc_notification (event_id, instance_id, sender, in_order, event_count, status, attempts, "
                        + "created_at, next_attempt_at) VALUES ('old-node', 'i-1', 'crm', FALSE, 1, 'STORED', 0, 0, 0)");
            insertOldBody(connection, "old-node", "{\"from\":\"old node\"}");
            sql.execute("INSERT INTO oc_attempt (event_id, number, attempted_at, http_status, error, duration_ms) "
                        + "VALUES ('old-node', 1, 0, 503, 'busy', 7)");
        }

        store.migrate(); // the next start

        assertThat(store.find("moved").orElseThrow().body()).as("the body moved first stays")
                .isEqualTo(notification("moved").body());
        NotificationRecord oldNode = store.find("old-node").orElseThrow();
        assertThat(new String(oldNode.body(), StandardCharsets.UTF_8)).isEqualTo("{\"from\":\"old node\"}");
        assertThat(oldNode.attempts()).singleElement().satisfies(attempt -> assertThat(attempt.httpStatus()).isEqualTo(503));
        assertThat(count("oc_body")).isZero();
        assertThat(count("oc_attempt")).isZero();
        store.migrate(); // and again: nothing left to move
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aPurgeKeepsTheRawRecordOfABodyAnOlderGatewayWroteAndThatIsNotMovedYet(Databases db) throws Exception {
        JdbcEventStore store = open(db);
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("INSERT INTO oc_notification (event_id, instance_id, sender, in_order, event_count, status, attempts, "
                        + "created_at, next_attempt_at) VALUES ('old-part', 'i-1', 'crm', FALSE, 1, 'STORED', 0, 0, 0)");
            try (PreparedStatement raw = connection.prepareStatement("INSERT INTO oc_raw (raw_id, body) VALUES ('r-1', ?)");
                 PreparedStatement body = connection.prepareStatement(
                         "INSERT INTO oc_body (event_id, body, raw_id, tail) VALUES ('old-part', ?, 'r-1', ?)")) {
                raw.setBytes(1, "{}".getBytes(StandardCharsets.UTF_8));
                raw.executeUpdate();
                body.setBytes(1, "[".getBytes(StandardCharsets.UTF_8));
                body.setBytes(2, "]".getBytes(StandardCharsets.UTF_8));
                body.executeUpdate();
            }
        }

        store.purgeNotified(Instant.now());

        assertThat(count("oc_raw")).as("still referred to from the old table").isEqualTo(1);
        store.migrate();
        assertThat(store.find("old-part").orElseThrow().body()).isEqualTo("[{}]".getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh database, migrated to the current schema. */
    private JdbcEventStore open(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        JdbcEventStore store = new JdbcEventStore(dataSource);
        store.migrate();
        return store;
    }

    private static void insertOldBody(Connection connection, String eventId, String body) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_body (event_id, body) VALUES (?, ?)")) {
            insert.setString(1, eventId);
            insert.setBytes(2, body.getBytes(StandardCharsets.UTF_8));
            insert.executeUpdate();
        }
    }

    private long count(String table) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static StoredNotification notification(String id) {
        return new StoredNotification(id, "i-1", "crm", false, ("{\"message\":{\"eventId\":\"" + id + "\"}}")
                .getBytes(StandardCharsets.UTF_8), 1, CREATED);
    }
}
