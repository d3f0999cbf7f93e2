package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The delivery side of the store: claiming due notifications (several dispatchers, also on other nodes, never hold the
 * same one), recording attempts under a fenced claim, queueing, callbacks that are gone, redelivery, and retention.
 */
final class DeliveryQueue {

    private static final String GONE = "the callback answered 410 Gone";

    private final JdbcConnections jdbc;

    DeliveryQueue(JdbcConnections jdbc) {
        this.jdbc = jdbc;
    }

    List<Delivery> claimDue(Instant now, Instant staleBefore, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        String claimId = UUID.randomUUID().toString();
        return jdbc.inOwnTransaction(connection -> {
            // nothing more goes to a callback that answered 410 Gone, on any node, until someone redelivers
            try (PreparedStatement queue = connection.prepareStatement("""
                    UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, last_error = ?
                    WHERE status IN ('STORED','RETRY_SCHEDULED')
                      AND sender IN (SELECT name FROM oc_sender WHERE gone_at IS NOT NULL)""")) {
                queue.setString(1, GONE);
                queue.executeUpdate();
            }
            List<Delivery> claimed = new ArrayList<>();
            // an ordered instance gives its oldest pending notification only, and nothing while one is in flight
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT event_id, instance_id, sender, body, attempts FROM oc_notification n
                    WHERE ((n.status IN ('STORED','RETRY_SCHEDULED') AND n.next_attempt_at <= ?)
                           OR (n.status = 'DISPATCHED' AND n.claimed_at < ?))
                      AND (n.in_order = FALSE OR NOT EXISTS (
                           SELECT 1 FROM oc_notification o
                           WHERE o.instance_id = n.instance_id AND o.seq < n.seq
                             AND o.status IN ('STORED','DISPATCHED','RETRY_SCHEDULED')))
                    ORDER BY n.next_attempt_at, n.seq
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED""")) {
                select.setLong(1, now.toEpochMilli());
                select.setLong(2, staleBefore.toEpochMilli());
                select.setInt(3, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Delivery(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBytes(4),
                                rows.getInt(5), claimId));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_notification SET status = 'DISPATCHED', claimed_at = ?, claim_id = ? WHERE event_id = ?")) {
                for (Delivery delivery : claimed) {
                    update.setLong(1, now.toEpochMilli());
                    update.setString(2, claimId);
                    update.setString(3, delivery.eventId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return claimed;
        });
    }

    void release(Delivery delivery, Instant dueAt) {
        jdbc.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = CASE WHEN attempts = 0 THEN 'STORED' ELSE 'RETRY_SCHEDULED' END,
                        next_attempt_at = ?, claimed_at = NULL, claim_id = NULL
                    WHERE event_id = ? AND claim_id = ? AND status = 'DISPATCHED'""")) {
                update.setLong(1, dueAt.toEpochMilli());
                update.setString(2, delivery.eventId());
                update.setString(3, delivery.claimId());
                return update.executeUpdate();
            }
        });
    }

    boolean recordAttempt(Delivery delivery, DeliveryAttempt attempt, NotificationStatus next, Instant nextAttemptAt) {
        return jdbc.inOwnTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_at = NULL,
                        claim_id = NULL, last_error = ?
                    WHERE event_id = ? AND claim_id = ? AND status = 'DISPATCHED'""")) {
                update.setString(1, next.name());
                if (nextAttemptAt == null) {
                    update.setNull(2, Types.BIGINT);
                } else {
                    update.setLong(2, nextAttemptAt.toEpochMilli());
                }
                update.setString(3, truncate(attempt.error()));
                update.setString(4, delivery.eventId());
                update.setString(5, delivery.claimId());
                if (update.executeUpdate() == 0) {
                    return false; // the claim was taken over: the other dispatcher's outcome counts
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oc_attempt (event_id, number, attempted_at, http_status, error, duration_ms)
                    SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ? FROM oc_attempt WHERE event_id = ?""")) {
                insert.setString(1, delivery.eventId());
                insert.setLong(2, attempt.at().toEpochMilli());
                insert.setInt(3, attempt.httpStatus());
                insert.setString(4, truncate(attempt.error()));
                insert.setLong(5, attempt.durationMillis());
                insert.setString(6, delivery.eventId());
                insert.executeUpdate();
            }
            return true;
        });
    }

    int queuePending(String sender, String reason) {
        return jdbc.withConnection(connection -> queue(connection, sender, reason));
    }

    private static int queue(Connection connection, String sender, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, last_error = ?
                WHERE sender = ? AND status IN ('STORED','RETRY_SCHEDULED')""")) {
            update.setString(1, truncate(reason));
            update.setString(2, sender);
            return update.executeUpdate();
        }
    }

    int markGone(String sender, Instant now) {
        return jdbc.inOwnTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE oc_sender SET gone_at = ? WHERE name = ?")) {
                update.setLong(1, now.toEpochMilli());
                update.setString(2, sender);
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO oc_sender (name, gone_at) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                        insert.setString(1, sender);
                        insert.setLong(2, now.toEpochMilli());
                        insert.executeUpdate();
                    }
                }
            }
            return queue(connection, sender, GONE);
        });
    }

    void revive(String sender) {
        jdbc.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE oc_sender SET gone_at = NULL WHERE name = ?")) {
                update.setString(1, sender);
                return update.executeUpdate();
            }
        });
    }

    List<String> redeliver(String instanceId, String eventId, Instant now) {
        String where = " WHERE status IN ('QUEUED','RETRY_SCHEDULED')" + (instanceId == null ? "" : " AND instance_id = ?")
                       + (eventId == null ? "" : " AND event_id = ?");
        return jdbc.inOwnTransaction(connection -> {
            List<String> ids = new ArrayList<>();
            Set<String> senders = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT event_id, sender FROM oc_notification" + where
                                                                        + " ORDER BY seq FOR UPDATE")) {
                bindSelection(select, 1, instanceId, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                        senders.add(rows.getString(2));
                    }
                }
            }
            // a fresh round of retries; the attempts so far stay in the history
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_notification SET status = 'STORED', attempts = 0, next_attempt_at = ?, last_error = NULL"
                                                                        + where)) {
                update.setLong(1, now.toEpochMilli());
                bindSelection(update, 2, instanceId, eventId);
                update.executeUpdate();
            }
            try (PreparedStatement revive = connection.prepareStatement("UPDATE oc_sender SET gone_at = NULL WHERE name = ?")) {
                for (String sender : senders) {
                    revive.setString(1, sender);
                    revive.addBatch();
                }
                revive.executeBatch();
            }
            return ids;
        });
    }

    int purgeNotified(Instant before) {
        return jdbc.inOwnTransaction(connection -> {
            try (PreparedStatement attempts = connection.prepareStatement("""
                    DELETE FROM oc_attempt WHERE event_id IN (
                        SELECT event_id FROM oc_notification WHERE status = 'NOTIFIED' AND created_at < ?)""")) {
                attempts.setLong(1, before.toEpochMilli());
                attempts.executeUpdate();
            }
            try (PreparedStatement notifications = connection.prepareStatement(
                    "DELETE FROM oc_notification WHERE status = 'NOTIFIED' AND created_at < ?")) {
                notifications.setLong(1, before.toEpochMilli());
                return notifications.executeUpdate();
            }
        });
    }

    private static void bindSelection(PreparedStatement statement, int first, String instanceId, String eventId)
            throws SQLException {
        int index = first;
        if (instanceId != null) {
            statement.setString(index++, instanceId);
        }
        if (eventId != null) {
            statement.setString(index, eventId);
        }
    }

    static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
