package io.openconnectors.gateway;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The gateways that share one database, as each tells it: {@code oc_node}, a row per node with its address, when it
 * started, its last heartbeat (epoch milliseconds, by its own clock), how many polls it ran and which run now. A node that has not beaten for
 * {@link #DOWN_AFTER} is shown down; one silent for a day is forgotten.
 */
final class ClusterNodes {

    static final Duration BEAT_EVERY = Duration.ofSeconds(5);
    static final Duration DOWN_AFTER = BEAT_EVERY.multipliedBy(3);
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A node as it last told; {@code pollsRun} and {@code polling} are {@code null} where polls are not clustered. */
    record Node(String id, String address, Instant startedAt, Instant lastHeartbeat, boolean up, Long pollsRun,
                List<String> polling) {
    }

    private final DataSource dataSource;
    private final String nodeId;
    private final String address;
    private final Clock clock;
    private final Instant startedAt;

    ClusterNodes(DataSource dataSource, String nodeId, String address, Clock clock) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.address = address;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    void migrate() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS oc_node (node_id VARCHAR(100) NOT NULL PRIMARY KEY, address VARCHAR(300), "
                              + "started_at BIGINT NOT NULL, heartbeat_at BIGINT NOT NULL, polls_run BIGINT, polling TEXT)");
        }
    }

    String nodeId() {
        return nodeId;
    }

    /** Tells the others this node is alive, and what it runs. */
    void beat(Long pollsRun, List<String> polling) throws SQLException, JsonProcessingException {
        Instant now = clock.instant();
        String pollingJson = polling == null ? null : MAPPER.writeValueAsString(polling);
        try (Connection connection = dataSource.getConnection()) {
            int updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_node SET address = ?, started_at = ?, heartbeat_at = ?, polls_run = ?, polling = ? WHERE node_id = ?")) {
                bind(update, now, pollsRun, pollingJson);
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO oc_node (address, started_at, heartbeat_at, polls_run, polling, node_id) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT DO NOTHING")) {
                    bind(insert, now, pollsRun, pollingJson);
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM oc_node WHERE heartbeat_at < ?")) {
                forget.setLong(1, now.minus(FORGET_AFTER).toEpochMilli());
                forget.executeUpdate();
            }
        }
    }

    private void bind(PreparedStatement statement, Instant now, Long pollsRun, String pollingJson) throws SQLException {
        statement.setString(1, address);
        statement.setLong(2, startedAt.toEpochMilli());
        statement.setLong(3, now.toEpochMilli());
        statement.setObject(4, pollsRun);
        statement.setString(5, pollingJson);
        statement.setString(6, nodeId);
    }

    /** Every node that beat in the last day, by id. */
    List<Node> list() throws SQLException {
        Instant now = clock.instant();
        List<Node> nodes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery(
                     "SELECT node_id, address, started_at, heartbeat_at, polls_run, polling FROM oc_node ORDER BY node_id")) {
            while (rows.next()) {
                Instant heartbeat = Instant.ofEpochMilli(rows.getLong(4));
                long pollsRun = rows.getLong(5);
                Long polls = rows.wasNull() ? null : pollsRun;
                String polling = rows.getString(6);
                nodes.add(new Node(rows.getString(1), rows.getString(2), Instant.ofEpochMilli(rows.getLong(3)), heartbeat,
                        heartbeat.isAfter(now.minus(DOWN_AFTER)), polls,
                        polling == null ? null : List.of(MAPPER.readValue(polling, String[].class))));
            }
        } catch (JsonProcessingException e) {
            throw new SQLException("A node row's polling list is not JSON: " + e.getMessage(), e);
        }
        return nodes;
    }
}
