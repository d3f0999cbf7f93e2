package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery side of the store: claiming due notifications (several dispatchers, also on other nodes, never hold the
 * same one), recording attempts under a fenced claim, queueing (also for {@linkplain StoppedCallbacks stopped callbacks}),
 * redelivery, and retention.
 */
final class DeliveryQueue {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryQueue.class);
    private static final String MISSING_BODY = "the notification's body is missing from the store";
    /** A claim looks further than it may take, so that work for a busy host does not hide work for the others. */
    private static final int CANDIDATES_PER_CLAIM = 4;
    /** A candidate for a claim, with whether its callback receives (see {@link Candidate}). */
    private static final String CANDIDATES = "SELECT n.event_id, n.sender, n.next_attempt_at, " + StoppedCallbacks.COLUMNS
                                             + " FROM oc_notification n " + StoppedCallbacks.JOIN + " ";

    private final JdbcConnections jdbc;

    DeliveryQueue(JdbcConnections jdbc) {
        this.jdbc = jdbc;
    }

    List<Delivery> claimDue(Instant now, Instant staleBefore, int limit, Predicate<String> takesCallback,
                            Set<String> skipped) {
        if (limit <= 0) {
            return List.of();
        }
        String claimId = UUID.randomUUID().toString();
        return jdbc.writeNowGrouped(connection -> {
            int window = limit * CANDIDATES_PER_CLAIM;
            List<Candidate> candidates = dueCandidates(connection, now, window, List.copyOf(skipped));
            if (candidates.size() < window) {
                candidates.addAll(staleCandidates(connection, staleBefore, window - candidates.size()));
            }
            List<String> chosen = new ArrayList<>();
            List<String> stopped = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            for (Candidate candidate : candidates) {
                if (candidate.stoppedBecause() != null) {
                    stopped.add(candidate.eventId());
                    reasons.add(candidate.stoppedBecause());
                } else if (chosen.size() < limit && takesCallback.test(candidate.callbackName())) {
                    chosen.add(candidate.eventId());
                }
            }
            StoppedCallbacks.queueCandidates(connection, stopped, reasons, now, staleBefore);
            // a candidate is this dispatcher's only if it is still due or stale when updated: another dispatcher that
            // read it too finds it claimed (PostgreSQL re-checks the condition after the other commit)
            List<String> won = new ArrayList<>();
            try (PreparedStatement claim = connection.prepareStatement("""
                    UPDATE oc_notification SET status = 'DISPATCHED', claimed_at = ?, claim_id = ?
                    WHERE event_id = ? AND ((status IN ('STORED','RETRY_SCHEDULED') AND next_attempt_at <= ?)
                                            OR (status = 'DISPATCHED' AND claimed_at < ?))""")) {
                for (String id : chosen) {
                    claim.setLong(1, now.toEpochMilli());
                    claim.setString(2, claimId);
                    claim.setString(3, id);
                    claim.setLong(4, now.toEpochMilli());
                    claim.setLong(5, staleBefore.toEpochMilli());
                    claim.addBatch();
                }
                int[] counts = claim.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        won.add(chosen.get(i));
                    }
                }
            }
            return deliveries(connection, won, claimId);
        });
    }

    /**
     * A notification that may be claimed, and where it goes; {@code stoppedBecause} says why its callback receives nothing
     * (see {@link StoppedCallbacks}), {@code null} when it receives.
     */
    private record Candidate(String eventId, String callbackName, long dueAt, String stoppedBecause) {
    }

    /**
     * Due notifications, soonest first, new ones and retries alike (a backlog of new work does not starve due
     * retries); an ordered instance gives its oldest pending notification only, and nothing while one is in flight.
     */
    private static List<Candidate> dueCandidates(Connection connection, Instant now, int limit, List<String> skipped)
            throws SQLException {
        // one status at a time: each is a range of the (status, next_attempt_at) index, read in order, never sorted
        List<Candidate> candidates = dueCandidates(connection, "STORED", now, limit, skipped);
        candidates.addAll(dueCandidates(connection, "RETRY_SCHEDULED", now, limit, skipped));
        candidates.sort(Comparator.comparingLong(Candidate::dueAt));
        return candidates.size() <= limit ? candidates : new ArrayList<>(candidates.subList(0, limit));
    }

    private static List<Candidate> dueCandidates(Connection connection, String status, Instant now, int limit,
                                                 List<String> skipped) throws SQLException {
        StringJoiner notIn = new StringJoiner(",", " AND n.sender NOT IN (", ")");
        notIn.setEmptyValue("");
        skipped.forEach(name -> notIn.add("?"));
        try (PreparedStatement select = connection.prepareStatement(CANDIDATES + """
                WHERE n.status = ? AND n.next_attempt_at <= ?
                  AND (n.in_order = FALSE OR NOT EXISTS (
                       SELECT 1 FROM oc_notification o
                       WHERE o.instance_id = n.instance_id AND o.seq < n.seq
                         AND o.status IN ('STORED','DISPATCHED','RETRY_SCHEDULED')))""" + notIn + """

                ORDER BY n.status, n.next_attempt_at
                LIMIT ?""")) {
            int index = 1;
            select.setString(index++, status);
            select.setLong(index++, now.toEpochMilli());
            for (String name : skipped) {
                select.setString(index++, name);
            }
            select.setInt(index, limit);
            return candidates(select);
        }
    }

    /** Deliveries claimed by a dispatcher whose lease ran out: it died, or took too long. */
    private static List<Candidate> staleCandidates(Connection connection, Instant staleBefore, int limit)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(CANDIDATES + """
                WHERE n.status = 'DISPATCHED' AND n.claimed_at < ?
                ORDER BY n.claimed_at LIMIT ?""")) {
            select.setLong(1, staleBefore.toEpochMilli());
            select.setInt(2, limit);
            return candidates(select);
        }
    }

    private static List<Candidate> candidates(PreparedStatement select) throws SQLException {
        List<Candidate> candidates = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                candidates.add(new Candidate(rows.getString(1), rows.getString(2), rows.getLong(3),
                        StoppedCallbacks.reason(rows, 4)));
            }
        }
        return candidates;
    }

    private static List<Delivery> deliveries(Connection connection, List<String> ids, String claimId) throws SQLException {
        List<Delivery> deliveries = new ArrayList<>();
        if (ids.isEmpty()) {
            return deliveries;
        }
        StringJoiner in = new StringJoiner(",", "(", ")");
        ids.forEach(id -> in.add("?"));
        List<String> withoutBody = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT n.event_id, n.instance_id, n.sender, n.attempts, n.created_at, " + Bodies.COLUMNS
                + " FROM oc_notification n LEFT JOIN oc_body_seq b ON b.seq = n.seq " + Bodies.JOIN
                + " WHERE n.event_id IN " + in)) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    byte[] body = Bodies.read(rows, 6);
                    if (body == null) {
                        withoutBody.add(rows.getString(1));
                    } else {
                        deliveries.add(new Delivery(rows.getString(1), rows.getString(2), rows.getString(3), body,
                                rows.getInt(4), claimId, Instant.ofEpochMilli(rows.getLong(5))));
                    }
                }
            }
        }
        queueWithoutBody(connection, withoutBody);
        return deliveries;
    }

    /**
     * Queues claimed notifications whose body is missing, rather than claiming them again after every lease: nothing
     * can be sent for them until the producer stores them again (which brings the body back) and they are redelivered.
     */
    private static void queueWithoutBody(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE oc_notification SET status = 'QUEUED', next_attempt_at = NULL, claimed_at = NULL, claim_id = NULL,
                    last_error = ?
                WHERE event_id = ?""")) {
            for (String id : ids) {
                LOG.warn("Notification {} has no body in the store: queued; storing it again brings the body back", id);
                update.setString(1, MISSING_BODY);
                update.setString(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    void release(Delivery delivery, Instant dueAt) {
        jdbc.writeNowGrouped(connection -> {
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

    /** One transaction for many outcomes: under load, one commit per dispatcher cycle rather than per delivery. */
    List<Boolean> recordAttempts(List<AttemptOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            return List.of();
        }
        return jdbc.writeNowGrouped(connection -> {
            int[] updated;
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE oc_notification SET status = ?, attempts = attempts + 1, next_attempt_at = ?, claimed_at = NULL,
                        claim_id = NULL, last_error = ?
                    WHERE event_id = ? AND claim_id = ? AND status = 'DISPATCHED'""")) {
                for (AttemptOutcome outcome : outcomes) {
                    update.setString(1, outcome.next().name());
                    if (outcome.nextAttemptAt() == null) {
                        update.setNull(2, Types.BIGINT);
                    } else {
                        update.setLong(2, outcome.nextAttemptAt().toEpochMilli());
                    }
                    update.setString(3, truncate(outcome.attempt().error()));
                    update.setString(4, outcome.delivery().eventId());
                    update.setString(5, outcome.delivery().claimId());
                    update.addBatch();
                }
                updated = update.executeBatch();
            }
            List<Boolean> recorded = new ArrayList<>(outcomes.size());
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oc_attempt_seq (seq, number, attempted_at, http_status, error, duration_ms, outcome)
                    SELECT n.seq, COALESCE((SELECT MAX(a.number) FROM oc_attempt_seq a WHERE a.seq = n.seq), 0) + 1, ?, ?, ?, ?, ?
                    FROM oc_notification n WHERE n.event_id = ?""")) {
                for (int i = 0; i < outcomes.size(); i++) {
                    // a claim taken over by another dispatcher: that one's outcome counts
                    boolean holds = updated[i] != 0;
                    recorded.add(holds);
                    if (holds) {
                        AttemptOutcome outcome = outcomes.get(i);
                        insert.setLong(1, outcome.attempt().at().toEpochMilli());
                        insert.setInt(2, outcome.attempt().httpStatus());
                        insert.setString(3, truncate(outcome.attempt().error()));
                        insert.setLong(4, outcome.attempt().durationMillis());
                        insert.setString(5, outcome.next().name());
                        insert.setString(6, outcome.delivery().eventId());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            // an attempt that was under way when its callback stopped: not retried
            List<String> retries = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (recorded.get(i) && outcomes.get(i).next() == NotificationStatus.RETRY_SCHEDULED) {
                    retries.add(outcomes.get(i).delivery().eventId());
                }
            }
            StoppedCallbacks.queueRetries(connection, retries);
            return recorded;
        });
    }

    List<String> redeliver(String instanceId, String eventId, Instant now) {
        String where = " WHERE status IN " + NotificationStatus.sqlList(NotificationStatus.REDELIVERABLE)
                       + (instanceId == null ? "" : " AND instance_id = ?")
                       + (eventId == null ? "" : " AND event_id = ?");
        return jdbc.writeNowAlone(connection -> {
            List<String> ids = new ArrayList<>();
            Set<String> callbackNames = new LinkedHashSet<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT event_id, sender FROM oc_notification" + where
                                                                        + " ORDER BY seq FOR UPDATE")) {
                bindSelection(select, 1, instanceId, eventId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                        callbackNames.add(rows.getString(2));
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
            // a callback that answered 410 may receive again; a retired callback stays retired (nobody would deliver for
            // it: the next claim queues its notifications again), until an endpoint of that name starts
            try (PreparedStatement revive = connection.prepareStatement("UPDATE oc_sender SET gone_at = NULL WHERE name = ?")) {
                for (String callbackName : callbackNames) {
                    revive.setString(1, callbackName);
                    revive.addBatch();
                }
                revive.executeBatch();
            }
            return ids;
        });
    }

    int purgeNotified(Instant before) {
        return jdbc.writeNowAlone(connection -> {
            for (String table : List.of("oc_attempt_seq", "oc_body_seq")) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE seq IN ("
                                                                            + "SELECT seq FROM oc_notification "
                                                                            + "WHERE status = 'NOTIFIED' AND created_at < ?)")) {
                    delete.setLong(1, before.toEpochMilli());
                    delete.executeUpdate();
                }
            }
            int purged;
            try (PreparedStatement notifications = connection.prepareStatement(
                    "DELETE FROM oc_notification WHERE status = 'NOTIFIED' AND created_at < ?")) {
                notifications.setLong(1, before.toEpochMilli());
                purged = notifications.executeUpdate();
            }
            Bodies.purgeUnreferenced(connection);
            return purged;
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
