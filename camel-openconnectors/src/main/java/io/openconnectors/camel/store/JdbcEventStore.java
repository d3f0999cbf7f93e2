package io.openconnectors.camel.store;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.camel.spi.StateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store in a relational database: PostgreSQL, or H2 embedded (in PostgreSQL mode) for a set-up-free
 * default. The writes of work inside {@link #inTransaction} (a poll's notifications and its window, a webhook's
 * notifications) commit together when it ends, in one group commit with the transactions that end at the same time.
 */
public final class JdbcEventStore implements EventStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEventStore.class);
    /** Group commits at once on PostgreSQL: its log flush serves them together; each holds a pooled connection. */
    private static final int CONCURRENT_COMMITS_POSTGRESQL = 4;
    /** What an H2 database needs to run the store's SQL and keep every commit (see {@link #h2FileUrl}). */
    private static final List<String> H2_SETTINGS = List.of(
            "MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH", "WRITE_DELAY=0");

    private final JdbcConnections jdbc;
    private final DeliveryQueue deliveries;
    private final StoppedCallbacks stopped;
    private final HistoryQueries history;
    private final JdbcStateRepository states;
    private final Clock clock;
    private final List<Runnable> storedListeners = new CopyOnWriteArrayList<>();

    /**
     * @param dataSource a pooled data source; its database must be PostgreSQL or H2 with {@code MODE=PostgreSQL}
     */
    public JdbcEventStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public JdbcEventStore(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcConnections(dataSource, () -> storedListeners.forEach(Runnable::run));
        this.deliveries = new DeliveryQueue(jdbc);
        this.stopped = new StoppedCallbacks(jdbc);
        this.history = new HistoryQueries(jdbc);
        this.states = new JdbcStateRepository(jdbc);
        this.clock = clock;
    }

    /**
     * The URL of an embedded H2 database in {@code file} ({@code .mv.db} is appended) as this store needs it: PostgreSQL
     * mode, so that the same SQL runs on both, and every commit written at once ({@code WRITE_DELAY=0}: H2 otherwise
     * holds commits for half a second, and a killed process would lose acknowledged notifications).
     */
    public static String h2FileUrl(Path file) {
        return withH2Settings("jdbc:h2:file:" + file.toAbsolutePath());
    }

    /**
     * An H2 URL with each setting this store needs that it does not set itself (see {@link #h2FileUrl}); any other URL
     * as it is.
     */
    public static String withH2Settings(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            return url;
        }
        StringBuilder completed = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        for (String setting : H2_SETTINGS) {
            if (!upper.contains(";" + setting.substring(0, setting.indexOf('=') + 1))) {
                completed.append(';').append(setting);
            }
        }
        return completed.toString();
    }

    /**
     * Creates or migrates the tables; safe to run on every start, also on several nodes at once. Run it before the
     * store is used: it also learns which database it has (on PostgreSQL a few group commits run at once; an embedded
     * H2 file is {@linkplain H2Housekeeping compacted} while it is open).
     */
    public void migrate() {
        String database = jdbc.writeNowAlone(connection -> {
            Schema.migrate(connection);
            return connection.getMetaData().getDatabaseProductName();
        });
        allowConcurrentCommits("PostgreSQL".equalsIgnoreCase(database) ? CONCURRENT_COMMITS_POSTGRESQL : 1);
        if ("H2".equalsIgnoreCase(database)) {
            keepH2();
        }
    }

    /** Compaction is upkeep: a store that cannot have it still starts, its file growing under load as before. */
    private void keepH2() {
        try {
            jdbc.read(connection -> {
                H2Housekeeping.keep(connection);
                return null;
            });
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("The H2 event store's file is not compacted: {}", e.toString());
        }
    }

    void allowConcurrentCommits(int groups) {
        jdbc.allowConcurrentCommits(groups);
    }

    @Override
    public StateRepository<String, String> stateRepository() {
        return states;
    }

    @Override
    public <T> T inTransaction(Callable<T> work) throws Exception {
        return jdbc.inTransaction(work);
    }

    @Override
    public void addStoredListener(Runnable listener) {
        storedListeners.add(listener);
    }

    @Override
    public void removeStoredListener(Runnable listener) {
        storedListeners.remove(listener);
    }

    @Override
    public CompletableFuture<Boolean> store(StoredNotification n) {
        // the notification and its body together: a row without its body could be claimed but never delivered
        Bodies.LastRaw lastRaw = jdbc.lastRaw();
        boolean due = n.claimId() == null; // the dispatcher hears of due ones; a claimed one is delivered from memory
        CompletableFuture<Boolean> committed = jdbc.write(due, connection -> {
            // claimed at birth only while the callback receives: the next claim queues what a stopped one is sent
            String claimId = n.claimId() != null && StoppedCallbacks.receives(connection, n.callbackName())
                    ? n.claimId() : null;
            boolean inserted;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oc_notification (event_id, instance_id, sender, in_order, event_count, status, attempts,
                        created_at, next_attempt_at, claimed_at, claim_id)
                    VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                long created = n.createdAt().toEpochMilli();
                insert.setString(1, n.eventId());
                insert.setString(2, n.instanceId() == null ? "" : n.instanceId());
                insert.setString(3, n.callbackName());
                insert.setBoolean(4, n.ordered());
                insert.setInt(5, n.eventCount());
                insert.setString(6, claimId == null ? "STORED" : "DISPATCHED");
                insert.setLong(7, created);
                insert.setLong(8, created);
                if (claimId == null) {
                    insert.setNull(9, Types.BIGINT);
                } else {
                    // the lease runs from the commit, when the dispatcher gets it, not from when the route stored it
                    insert.setLong(9, clock.millis());
                }
                insert.setString(10, claimId);
                inserted = insert.executeUpdate() != 0;
            }
            Bodies.insert(connection, n, lastRaw);
            return inserted && Objects.equals(claimId, n.claimId());
        });
        jdbc.storedCommittingEveryChunk();
        return committed;
    }

    @Override
    public List<Delivery> claimDue(Instant now, Instant staleBefore, int limit, Predicate<String> takesCallback,
                                   Set<String> skipped) {
        return deliveries.claimDue(now, staleBefore, limit, takesCallback, skipped);
    }

    @Override
    public void release(Delivery delivery, Instant dueAt) {
        deliveries.release(delivery, dueAt);
    }

    @Override
    public List<Boolean> recordAttempts(List<AttemptOutcome> outcomes) {
        return deliveries.recordAttempts(outcomes);
    }

    @Override
    public int retire(String callbackName, String reason) {
        return stopped.retire(callbackName, reason);
    }

    @Override
    public int markGone(String callbackName) {
        return stopped.markGone(callbackName, clock.instant());
    }

    @Override
    public void revive(String callbackName) {
        stopped.revive(callbackName);
    }

    @Override
    public List<String> redeliver(String instanceId, String eventId) {
        return deliveries.redeliver(instanceId, eventId, clock.instant());
    }

    @Override
    public int purgeNotified(Instant before) {
        return deliveries.purgeNotified(before);
    }

    @Override
    public Optional<NotificationRecord> find(String eventId) {
        return history.find(eventId);
    }

    @Override
    public List<NotificationRecord> listByInstance(String instanceId, long offset, int limit) {
        return history.byInstance(instanceId, offset, limit);
    }

    @Override
    public List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit) {
        return history.byStatus(statuses, instanceId, limit);
    }

    @Override
    public List<NotificationRecord> search(HistoryFilter filter, int limit) {
        return history.search(filter, limit);
    }

    @Override
    public List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId) {
        return history.outcomesPerMinute(from, instanceId);
    }

    @Override
    public Map<String, Long> backlogByInstance() {
        return history.backlogByInstance();
    }

    @Override
    public Map<NotificationStatus, Long> countByStatus() {
        return history.countByStatus();
    }
}
