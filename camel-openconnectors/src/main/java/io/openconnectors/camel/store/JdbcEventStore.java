package io.openconnectors.camel.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

import org.apache.camel.spi.StateRepository;

/**
 * The event store in a relational database: PostgreSQL, or H2 embedded (in PostgreSQL mode) for a set-up-free
 * default. Creates its tables on start. Work inside {@link #inTransaction} shares one connection per thread, so a
 * poll's notifications and its window commit together.
 */
public final class JdbcEventStore implements EventStore {

    /** Notifications a transaction holds before committing them ahead of the rest, to bound memory and undo logs. */
    static final int CHUNK = 500;
    private static final String COLUMNS = "seq, event_id, instance_id, sender, status, event_count, created_at, "
                                          + "next_attempt_at, last_error, body";

    private final DataSource dataSource;
    private final ThreadLocal<Transaction> transactions = new ThreadLocal<>();
    private final JdbcStateRepository states = new JdbcStateRepository(this);

    /** The connection of the transaction this thread runs, and how many notifications it stored. */
    private static final class Transaction {
        private final Connection connection;
        private int stored;

        Transaction(Connection connection) {
            this.connection = connection;
        }
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * @param dataSource a pooled data source; its database must be PostgreSQL or H2 with {@code MODE=PostgreSQL}
     */
    public JdbcEventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The URL of an embedded H2 database in {@code file} ({@code .mv.db} is appended) as this store needs it: PostgreSQL
     * mode, so that the same SQL runs on both, and every commit written at once ({@code WRITE_DELAY=0}: H2 otherwise
     * holds commits for half a second, and a killed process would lose acknowledged notifications).
     */
    public static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file.toAbsolutePath()
               + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    }

    /** Creates or migrates the tables; safe to run on every start and on several nodes at once. */
    public void migrate() {
        withConnection(connection -> {
            Schema.migrate(connection);
            return null;
        });
    }

    @Override
    public StateRepository<String, String> stateRepository() {
        return states;
    }

    @Override
    public <T> T inTransaction(Callable<T> work) throws Exception {
        if (transactions.get() != null) {
            return work.call(); // joins the enclosing transaction
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            transactions.set(new Transaction(connection));
            try {
                T result = work.call();
                connection.commit();
                return result;
            } catch (Exception | Error e) {
                connection.rollback();
                throw e;
            } finally {
                transactions.remove();
                connection.setAutoCommit(true);
            }
        }
    }

    @Override
    public boolean store(StoredNotification n) {
        boolean stored = withConnection(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oc_notification (event_id, instance_id, sender, in_order, body, event_count, status,
                        attempts, created_at, next_attempt_at)
                    SELECT ?, ?, ?, ?, ?, ?, 'STORED', 0, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM oc_notification WHERE event_id = ?)""")) {
                insert.setString(1, n.eventId());
                insert.setString(2, n.instanceId() == null ? "" : n.instanceId());
                insert.setString(3, n.sender());
                insert.setBoolean(4, n.ordered());
                insert.setBytes(5, n.body());
                insert.setInt(6, n.eventCount());
                insert.setLong(7, n.createdAt().toEpochMilli());
                insert.setLong(8, n.createdAt().toEpochMilli());
                insert.setString(9, n.eventId());
                return insert.executeUpdate() == 1;
            }
        });
        Transaction transaction = transactions.get();
        if (stored && transaction != null && ++transaction.stored % CHUNK == 0) {
            commitChunk(transaction);
        }
        return stored;
    }

    private static void commitChunk(Transaction transaction) {
        try {
            transaction.connection.commit();
        } catch (SQLException e) {
            throw new EventStoreException("Cannot commit stored notifications", e);
        }
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant staleBefore, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return inOwnTransaction(connection -> {
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
                                rows.getInt(5)));
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_notification SET status = 'DISPATCHED', claimed_at = ? WHERE event_id = ?")) {
                for (Delivery delivery : claimed) {
                    update.setLong(1, now.toEpochMilli());
                    update.setString(2, delivery.eventId());
                    update.addBatch();
                }
                update.executeBatch();
            }
            return claimed;
        });
    }

    @Override
    public void release(String eventId, Instant dueAt) {
        withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = CASE WHEN attempts = 0 THEN 'STORED' ELSE 'RETRY_SCHEDULED' END,
                        next_attempt_at = ?, claimed_at = NULL
                    WHERE event_id = ? AND status = 'DISPATCHED'""")) {
                update.setLong(1, dueAt.toEpochMilli());
                update.setString(2, eventId);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void recordAttempt(String eventId, DeliveryAttempt attempt, NotificationStatus next, Instant nextAttemptAt) {
        inOwnTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oc_attempt (event_id, number, attempted_at, http_status, error, duration_ms)
                    SELECT ?, COALESCE(MAX(number), 0) + 1, ?, ?, ?, ? FROM oc_attempt WHERE event_id = ?""")) {
                insert.setString(1, eventId);
                insert.setLong(2, attempt.at().toEpochMilli());
                insert.setInt(3, attempt.httpStatus());
                insert.setString(4, truncate(attempt.error()));
                insert.setLong(5, attempt.durationMillis());
                insert.setString(6, eventId);
                insert.executeUpdate();
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_at = NULL,
                        last_error = ?
                    WHERE event_id = ?""")) {
                update.setString(1, next.name());
                if (nextAttemptAt == null) {
                    update.setNull(2, Types.BIGINT);
                } else {
                    update.setLong(2, nextAttemptAt.toEpochMilli());
                }
                update.setString(3, truncate(attempt.error()));
                update.setString(4, eventId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int queuePending(String sender, String reason) {
        return withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, last_error = ?
                    WHERE sender = ? AND status IN ('STORED','RETRY_SCHEDULED')""")) {
                update.setString(1, truncate(reason));
                update.setString(2, sender);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public Optional<NotificationRecord> find(String eventId) {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM oc_notification WHERE event_id = ?")) {
                select.setString(1, eventId);
                List<NotificationRecord> found = withAttempts(connection, records(select));
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<NotificationRecord> listByInstance(String instanceId, int offset, int limit) {
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                                                                        + " FROM oc_notification WHERE instance_id = ?"
                                                                        + " ORDER BY seq DESC LIMIT ? OFFSET ?")) {
                select.setString(1, instanceId);
                select.setInt(2, limit);
                select.setInt(3, offset);
                return withAttempts(connection, records(select));
            }
        });
    }

    @Override
    public List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        StringJoiner in = new StringJoiner(",", "(", ")");
        statuses.forEach(s -> in.add("'" + s.name() + "'"));
        return withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                                                                        + " FROM oc_notification WHERE status IN " + in
                                                                        + (instanceId == null ? "" : " AND instance_id = ?")
                                                                        + " ORDER BY seq LIMIT ?")) {
                int index = 1;
                if (instanceId != null) {
                    select.setString(index++, instanceId);
                }
                select.setInt(index, limit);
                return withAttempts(connection, records(select));
            }
        });
    }

    @Override
    public List<String> redeliver(String instanceId, String eventId) {
        String where = " WHERE status IN ('QUEUED','RETRY_SCHEDULED')" + (instanceId == null ? "" : " AND instance_id = ?")
                       + (eventId == null ? "" : " AND event_id = ?");
        return inOwnTransaction(connection -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT event_id FROM oc_notification" + where
                                                                        + " ORDER BY seq FOR UPDATE")) {
                bindSelection(select, instanceId, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
            }
            // a fresh round of retries; the attempts so far stay in the history
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_notification SET status = 'STORED', attempts = 0, next_attempt_at = ?, last_error = NULL"
                                                                        + where)) {
                update.setLong(1, Instant.now().toEpochMilli());
                bindSelection(update, 2, instanceId, eventId);
                update.executeUpdate();
            }
            return ids;
        });
    }

    @Override
    public Map<NotificationStatus, Long> countByStatus() {
        return withConnection(connection -> {
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

    /** Runs on this thread's transaction when there is one, else on a connection of its own in auto-commit. */
    <T> T withConnection(SqlWork<T> work) {
        Transaction transaction = transactions.get();
        try {
            if (transaction != null) {
                return work.run(transaction.connection);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
    }

    /** Runs in a short transaction of its own, whatever the thread is doing. */
    private <T> T inOwnTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
    }

    private static void bindSelection(PreparedStatement statement, String instanceId, String eventId) throws SQLException {
        bindSelection(statement, 1, instanceId, eventId);
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

    private static List<NotificationRecord> records(PreparedStatement select) throws SQLException {
        List<NotificationRecord> records = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                long next = rows.getLong(8);
                Instant nextAttemptAt = rows.wasNull() ? null : Instant.ofEpochMilli(next);
                records.add(new NotificationRecord(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        NotificationStatus.valueOf(rows.getString(5)), rows.getInt(6), Instant.ofEpochMilli(rows.getLong(7)),
                        nextAttemptAt, rows.getString(9), rows.getBytes(10), List.of()));
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
        Map<String, List<DeliveryAttempt>> attempts = new HashMap<>();
        StringJoiner in = new StringJoiner(",", "(", ")");
        records.forEach(r -> in.add("?"));
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT event_id, number, attempted_at, http_status, error, duration_ms FROM oc_attempt WHERE event_id IN "
                                                                    + in + " ORDER BY number")) {
            for (int i = 0; i < records.size(); i++) {
                select.setString(i + 1, records.get(i).eventId());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    attempts.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(new DeliveryAttempt(
                            rows.getInt(2), Instant.ofEpochMilli(rows.getLong(3)), rows.getInt(4), rows.getString(5),
                            rows.getLong(6)));
                }
            }
        }
        return records.stream().map(r -> new NotificationRecord(r.sequence(), r.eventId(), r.instanceId(), r.sender(),
                r.status(), r.eventCount(), r.createdAt(), r.nextAttemptAt(), r.lastError(), r.body(),
                List.copyOf(attempts.getOrDefault(r.eventId(), List.of())))).toList();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
