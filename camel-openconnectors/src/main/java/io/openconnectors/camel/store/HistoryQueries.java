package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The read side of the store: notifications with their attempts, by id, by instance and by status.
 */
final class HistoryQueries {

    private static final String COLUMNS = "n.seq, n.event_id, n.instance_id, n.sender, n.status, n.event_count, n.created_at, "
                                          + "n.next_attempt_at, n.last_error, " + Bodies.COLUMNS + " FROM oc_notification n "
                                          + "JOIN oc_body_seq b ON b.seq = n.seq " + Bodies.JOIN;

    private final JdbcConnections jdbc;

    HistoryQueries(JdbcConnections jdbc) {
        this.jdbc = jdbc;
    }

    Optional<NotificationRecord> find(String eventId) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " WHERE n.event_id = ?")) {
                select.setString(1, eventId);
                return withAttempts(connection, records(select)).stream().findFirst();
            }
        });
    }

    List<NotificationRecord> byInstance(String instanceId, long offset, int limit) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " WHERE n.instance_id = ?"
                                                                        + " ORDER BY n.seq DESC LIMIT ? OFFSET ?")) {
                select.setString(1, instanceId);
                select.setInt(2, limit);
                select.setLong(3, offset);
                return withAttempts(connection, records(select));
            }
        });
    }

    List<NotificationRecord> byStatus(Set<NotificationStatus> statuses, String instanceId, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " WHERE n.status IN " + NotificationStatus.sqlList(statuses)
                     + (instanceId == null ? "" : " AND n.instance_id = ?") + " ORDER BY n.seq LIMIT ?";
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                if (instanceId != null) {
                    select.setString(index++, instanceId);
                }
                select.setInt(index, limit);
                return withAttempts(connection, records(select));
            }
        });
    }

    Map<String, Long> backlogByInstance() {
        return jdbc.read(connection -> {
            Map<String, Long> backlog = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT instance_id, COUNT(*) FROM oc_notification"
                    + " WHERE status IN ('STORED', 'DISPATCHED', 'RETRY_SCHEDULED', 'QUEUED') GROUP BY instance_id");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    backlog.put(rows.getString(1), rows.getLong(2));
                }
            }
            return backlog;
        });
    }

    Map<NotificationStatus, Long> countByStatus() {
        return jdbc.read(connection -> {
            Map<NotificationStatus, Long> counts = new EnumMap<>(NotificationStatus.class);
            for (NotificationStatus status : NotificationStatus.values()) {
                counts.put(status, 0L);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status, COUNT(*) FROM oc_notification GROUP BY status");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(NotificationStatus.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    private static List<NotificationRecord> records(PreparedStatement select) throws SQLException {
        List<NotificationRecord> records = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long next = rows.getLong(8);
                Instant nextAttemptAt = rows.wasNull() ? null : Instant.ofEpochMilli(next);
                records.add(new NotificationRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        NotificationStatus.valueOf(rows.getString(5)), rows.getInt(6), Instant.ofEpochMilli(rows.getLong(7)),
                        nextAttemptAt, rows.getString(9), Bodies.read(rows, 10), List.of()));
            }
        }
        return records;
    }

    /** The records with their attempts, read in one query. */
    private static List<NotificationRecord> withAttempts(Connection connection, List<NotificationRecord> records)
            throws SQLException {
        if (records.isEmpty()) {
            return records;
        }
        Map<Long, List<DeliveryAttempt>> attempts = new HashMap<>();
        StringJoiner in = new StringJoiner(",", "(", ")");
        records.forEach(r -> in.add("?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT seq, number, attempted_at, http_status, error, duration_ms FROM oc_attempt_seq WHERE seq IN "
                                                                    + in + " ORDER BY number")) {
            for (int i = 0; i < records.size(); i++) {
                select.setLong(i + 1, records.get(i).sequence());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    attempts.computeIfAbsent(rows.getLong(1), seq -> new ArrayList<>()).add(new DeliveryAttempt(
                            rows.getInt(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getInt(4), rows.getString(5),
                            rows.getLong(6)));
                }
            }
        }
        return records.stream().map(r -> new NotificationRecord(r.sequence(), r.eventId(), r.instanceId(), r.callbackName(),
                r.status(), r.eventCount(), r.createdAt(), r.nextAttemptAt(), r.lastError(), r.body(),
                List.copyOf(attempts.getOrDefault(r.sequence(), List.of())))).toList();
    }
}
