package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Callbacks that receive nothing for now, remembered in {@code oc_sender} so that every node knows: a callback that
 * answered 410 Gone (until a notification of it is redelivered), and a retired callback, whose callback endpoint is gone
 * for good (until an endpoint of that name starts again). Their pending notifications are queued at once; what becomes
 * pending for them later (a notification stored, an attempt that was under way recorded, a claim given back) is queued
 * when it comes up: the claim queues such candidates instead of taking them, and a retry recorded for them is queued as
 * it is recorded.
 */
final class StoppedCallbacks {

    static final String GONE = "the callback answered 410 Gone";
    /** The columns a claim reads with each candidate, from {@code oc_sender s} joined on the candidate's sender. */
    static final String COLUMNS = "s.retired_reason, s.gone_at";
    static final String JOIN = "LEFT JOIN oc_sender s ON s.name = n.sender";

    private final JdbcConnections jdbc;

    StoppedCallbacks(JdbcConnections jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the callback receives: neither gone nor retired, on any node. */
    static boolean receives(Connection connection, String callbackName) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM oc_sender s WHERE s.name = ?")) {
            select.setString(1, callbackName);
            try (ResultSet row = select.executeQuery()) {
                return !row.next() || reason(row, 1) == null;
            }
        }
    }

    /** Why a callback receives nothing, from the {@link #COLUMNS} read at {@code first}; {@code null} when it receives. */
    static String reason(ResultSet row, int first) throws SQLException {
        String retired = row.getString(first);
        if (retired != null) {
            return retired;
        }
        row.getLong(first + 1);
        return row.wasNull() ? null : GONE;
    }

    int markGone(String callbackName, Instant now) {
        return jdbc.writeNowAlone(connection -> {
            set(connection, callbackName, "gone_at", now.toEpochMilli());
            return queue(connection, callbackName, GONE);
        });
    }

    int retire(String callbackName, String reason) {
        return jdbc.writeNowAlone(connection -> {
            set(connection, callbackName, "retired_reason", DeliveryQueue.truncate(reason));
            return queue(connection, callbackName, reason);
        });
    }

    /** Lets the callback receive again, gone or retired. */
    void revive(String callbackName) {
        jdbc.writeNowAlone(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_sender SET gone_at = NULL, retired_reason = NULL WHERE name = ?")) {
                update.setString(1, callbackName);
                return update.executeUpdate();
            }
        });
    }

    /**
     * Queues claim candidates whose callback receives nothing, each with its reason, unless another dispatcher claimed it
     * meanwhile (the same condition as a claim).
     */
    static void queueCandidates(Connection connection, List<String> eventIds, List<String> reasons, Instant now,
                                Instant staleBefore) throws SQLException {
        if (eventIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, claimed_at = NULL, claim_id = NULL,
                    last_error = ?
                WHERE event_id = ? AND ((status IN ('STORED','RETRY_SCHEDULED') AND next_attempt_at <= ?)
                                        OR (status = 'DISPATCHED' AND claimed_at < ?))""")) {
            for (int i = 0; i < eventIds.size(); i++) {
                update.setString(1, DeliveryQueue.truncate(reasons.get(i)));
                update.setString(2, eventIds.get(i));
                update.setLong(3, now.toEpochMilli());
                update.setLong(4, staleBefore.toEpochMilli());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Queues these notifications, if they are scheduled for a retry, when their callback receives nothing. */
    static void queueRetries(Connection connection, List<String> eventIds) throws SQLException {
        if (eventIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL,
                    last_error = (SELECT COALESCE(s.retired_reason, ?) FROM oc_sender s WHERE s.name = oc_notification.sender)
                WHERE event_id = ? AND status = 'RETRY_SCHEDULED' AND sender IN (
                    SELECT name FROM oc_sender WHERE gone_at IS NOT NULL OR retired_reason IS NOT NULL)""")) {
            for (String eventId : eventIds) {
                update.setString(1, GONE);
                update.setString(2, eventId);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Queues every pending notification of a callback; returns how many. */
    private static int queue(Connection connection, String callbackName, String reason) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, last_error = ?
                WHERE sender = ? AND status IN ('STORED','RETRY_SCHEDULED')""")) {
            update.setString(1, DeliveryQueue.truncate(reason));
            update.setString(2, callbackName);
            return update.executeUpdate();
        }
    }

    /** Update, else insert; a concurrent first insert (another node) makes the update win after all. */
    private static void set(Connection connection, String callbackName, String column, Object value) throws SQLException {
        if (update(connection, callbackName, column, value) == 0) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO oc_sender (name, " + column + ") VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, callbackName);
                insert.setObject(2, value);
                if (insert.executeUpdate() == 0) {
                    update(connection, callbackName, column, value);
                }
            }
        }
    }

    private static int update(Connection connection, String callbackName, String column, Object value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE oc_sender SET " + column + " = ? WHERE name = ?")) {
            update.setObject(1, value);
            update.setString(2, callbackName);
            return update.executeUpdate();
        }
    }
}
