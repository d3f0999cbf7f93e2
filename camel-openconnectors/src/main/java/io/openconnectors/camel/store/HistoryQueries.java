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
 * The read side of the store: notifications with their attempts, by id, by instance, by status and by filter; and the
 * outcomes of attempts per minute.
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

    List<NotificationRecord> search(HistoryFilter filter, int limit) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.instanceId() != null) {
            conditions.add("n.instance_id = ?");
            values.add(filter.instanceId());
        }
        if (!filter.statuses().isEmpty()) {
            conditions.add("n.status IN " + NotificationStatus.sqlList(filter.statuses()));
        }
        if (filter.createdFrom() != null) {
            conditions.add("n.created_at >= ?");
            values.add(filter.createdFrom().toEpochMilli());
        }
        if (filter.createdBefore() != null) {
            conditions.add("n.created_at < ?");
            values.add(filter.createdBefore().toEpochMilli());
        }
        if (filter.beforeSequence() != null) {
            conditions.add("n.seq < ?");
            values.add(filter.beforeSequence());
        }
        values.add(limit);
        String sql = "SELECT " + COLUMNS + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                     + " ORDER BY n.seq DESC LIMIT ?";
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                for (int i = 0; i < values.size(); i++) {
                    select.setObject(i + 1, values.get(i));
                }
                return withAttempts(connection, records(select));
            }
        });
    }

    /**
     * Each attempt as its outcome says; one recorded before attempts kept their outcome counts as delivered when it
     * succeeded and as retried when it failed. Reads the attempts from {@code from} on through their time index, and
     * their notification only to filter by instance.
     */
    List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId) {
        String sql = "SELECT a.attempted_at / 60000 AS at_minute, COUNT(*), "
                     + "SUM(CASE WHEN a.outcome = 'NOTIFIED' OR (a.outcome IS NULL AND a.error IS NULL) THEN 1 ELSE 0 END), "
                     + "SUM(CASE WHEN a.outcome = 'QUEUED' THEN 1 ELSE 0 END) FROM oc_attempt_seq a "
                     + (instanceId == null ? "WHERE" : "JOIN oc_notification n ON n.seq = a.seq WHERE n.instance_id = ? AND")
                     + " a.attempted_at >= ? GROUP BY a.attempted_at / 60000 ORDER BY at_minute";
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int index = 1;
                if (instanceId != null) {
                    select.setString(index++, instanceId);
                }
                select.setLong(index, from.toEpochMilli());
                List<MinuteOutcomes> minutes = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long delivered = rows.getLong(3);
                        long queued = rows.getLong(4);
                        minutes.add(new MinuteOutcomes(Instant.ofEpochMilli(rows.getLong(1) * 60_000), delivered,
                                rows.getLong(2) - delivered - queued, queued));
                    }
                }
                return minutes;
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
