package io.openconnectors.gateway;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps instances in the gateway's database, the truth for every node that shares it: {@code oc_instance}, one row each
 * with its {@code POST /instances} body (credentials included, never shown), and a revision.
 * <p>
 * Each create, change and delete takes the next revision from the one row of {@code oc_instance_counter}, whose lock it
 * holds until it commits: revisions therefore commit in the order they are taken, and a node that has read every change
 * up to revision r misses none when it next asks for those after r (see {@link #changesSince}). A deleted instance stays
 * as a row without a body, so that other nodes learn of the delete; its id is never given again. Times are epoch
 * milliseconds, the same on every node whatever its time zone.
 */
final class InstanceTable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> SCHEMA = List.of(
            """
            CREATE TABLE IF NOT EXISTS oc_instance (
                id BIGINT NOT NULL PRIMARY KEY,
                revision BIGINT NOT NULL,
                body TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL)""",
            "CREATE INDEX IF NOT EXISTS oc_instance_revision ON oc_instance (revision)",
            "CREATE TABLE IF NOT EXISTS oc_instance_counter (one INT NOT NULL PRIMARY KEY, last_id BIGINT NOT NULL, "
            + "last_revision BIGINT NOT NULL)",
            "INSERT INTO oc_instance_counter (one, last_id, last_revision) VALUES (1, 0, 0) ON CONFLICT DO NOTHING");

    /** An instance's row as of one revision; {@code body} is {@code null} when it was deleted. */
    record Change(long id, long revision, ObjectNode body, Instant created, Instant updated) {

        boolean deleted() {
            return body == null;
        }

        /**
         * The instance, checked: a row another version of the gateway wrote may hold what this one cannot read.
         *
         * @throws io.openconnectors.camel.InvalidSettingsException when this version cannot read it
         */
        StoredInstance instance() {
            return new StoredInstance(id, body, created, updated);
        }
    }

    /** A change was made on another node meanwhile: the instance is not at the revision the caller started from. */
    static final class ChangedMeanwhileException extends Exception {
        ChangedMeanwhileException(long id) {
            super("instance " + id + " was changed on another node meanwhile", null, false, false);
        }
    }

    /** What a create does with the id it was given before it commits; a failure rolls the create back. */
    interface Creation {
        StoredInstance use(long id) throws Exception;
    }

    private final DataSource dataSource;

    InstanceTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the tables when missing; safe when several nodes start at once. */
    void migrate() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : SCHEMA) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Gives the next id to {@code creation} and stores what it returns, in one transaction: a creation that fails uses
     * up no id.
     */
    Change create(Creation creation) throws Exception {
        return inTransaction(connection -> {
            long[] next = next(connection, true);
            StoredInstance instance = creation.use(next[0]);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO oc_instance (id, revision, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setLong(1, instance.id());
                insert.setLong(2, next[1]);
                insert.setString(3, MAPPER.writeValueAsString(instance.body()));
                insert.setLong(4, instance.created().toEpochMilli());
                insert.setLong(5, instance.updated().toEpochMilli());
                insert.executeUpdate();
            }
            return new Change(instance.id(), next[1], instance.body(), instance.created(), instance.updated());
        });
    }

    /**
     * Stores a changed instance under the next revision, if it is still at {@code revision}.
     *
     * @throws ChangedMeanwhileException when another node changed or deleted it since
     */
    Change update(StoredInstance instance, long revision) throws Exception {
        return inTransaction(connection -> {
            long next = next(connection, false)[1];
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE oc_instance SET revision = ?, body = ?, updated_at = ? WHERE id = ? AND revision = ? AND body IS NOT NULL")) {
                update.setLong(1, next);
                update.setString(2, MAPPER.writeValueAsString(instance.body()));
                update.setLong(3, instance.updated().toEpochMilli());
                update.setLong(4, instance.id());
                update.setLong(5, revision);
                if (update.executeUpdate() == 0) {
                    throw new ChangedMeanwhileException(instance.id());
                }
            }
            return new Change(instance.id(), next, instance.body(), instance.created(), instance.updated());
        });
    }

    /**
     * Marks the instance deleted under the next revision, if it is still at {@code revision}; its body, with its
     * credentials, goes.
     *
     * @throws ChangedMeanwhileException when another node changed or deleted it since
     */
    Change delete(long id, long revision, Instant now) throws Exception {
        return inTransaction(connection -> {
            long next = next(connection, false)[1];
            try (PreparedStatement delete = connection.prepareStatement(
                    "UPDATE oc_instance SET revision = ?, body = NULL, updated_at = ? WHERE id = ? AND revision = ? AND body IS NOT NULL")) {
                delete.setLong(1, next);
                delete.setLong(2, now.toEpochMilli());
                delete.setLong(3, id);
                delete.setLong(4, revision);
                if (delete.executeUpdate() == 0) {
                    throw new ChangedMeanwhileException(id);
                }
            }
            return new Change(id, next, null, null, now);
        });
    }

    /** Every change after {@code revision}, in revision order; an instance changed twice comes once, as it is now. */
    List<Change> changesSince(long revision) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT id, revision, body, created_at, updated_at FROM oc_instance WHERE revision > ? ORDER BY revision")) {
            select.setLong(1, revision);
            List<Change> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String body = rows.getString(3);
                    changes.add(new Change(rows.getLong(1), rows.getLong(2), body == null ? null : (ObjectNode) MAPPER.readTree(body),
                            Instant.ofEpochMilli(rows.getLong(4)), Instant.ofEpochMilli(rows.getLong(5))));
                }
            } catch (IOException e) {
                throw new SQLException("An instance row is not JSON: " + e.getMessage(), e);
            }
            return changes;
        }
    }

    /**
     * Imports instances kept elsewhere before ({@link EarlierInstances}): each whose id has no row yet, under its own
     * id; ids given later follow the highest id ever given, also there.
     *
     * @return what was imported, and why not the others
     */
    Imported importAll(List<StoredInstance> instances, long lastEarlierId) throws Exception {
        return inTransaction(connection -> {
            long[] counter = next(connection, false);
            long revision = counter[1];
            List<Long> imported = new ArrayList<>();
            List<Long> before = new ArrayList<>();
            List<Long> taken = new ArrayList<>();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO oc_instance (id, revision, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                for (StoredInstance instance : instances) {
                    insert.setLong(1, instance.id());
                    insert.setLong(2, revision);
                    insert.setString(3, MAPPER.writeValueAsString(instance.body()));
                    insert.setLong(4, instance.created().toEpochMilli());
                    insert.setLong(5, instance.updated().toEpochMilli());
                    if (insert.executeUpdate() == 1) {
                        imported.add(instance.id());
                    } else if (sameInstance(connection, instance)) {
                        before.add(instance.id());
                    } else {
                        taken.add(instance.id());
                    }
                }
            }
            try (PreparedStatement ids = connection.prepareStatement(
                    "UPDATE oc_instance_counter SET last_id = GREATEST(last_id, ?, (SELECT COALESCE(MAX(id), 0) FROM oc_instance))"
                    + " WHERE one = 1")) {
                ids.setLong(1, lastEarlierId);
                ids.executeUpdate();
            }
            return new Imported(imported, before, taken);
        });
    }

    /**
     * What {@link #importAll} did: the ids imported, those imported before (or deleted since), and those another
     * instance has.
     */
    record Imported(List<Long> ids, List<Long> before, List<Long> taken) {
    }

    /** Whether the row of the instance's id is this instance, imported before: it was created at the same time. */
    private static boolean sameInstance(Connection connection, StoredInstance instance) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT created_at FROM oc_instance WHERE id = ?")) {
            select.setLong(1, instance.id());
            try (ResultSet row = select.executeQuery()) {
                return row.next() && row.getLong(1) == instance.created().toEpochMilli();
            }
        }
    }

    /** The highest id given, also to instances deleted since. */
    long lastId() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT last_id FROM oc_instance_counter WHERE one = 1")) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    /**
     * Takes the next revision (and, when {@code id}, the next id) from the counter row, whose lock the transaction holds
     * from here until it ends.
     *
     * @return {next id (or the last one given), next revision}
     */
    private static long[] next(Connection connection, boolean id) throws SQLException {
        try (PreparedStatement take = connection.prepareStatement("UPDATE oc_instance_counter SET last_revision = last_revision + 1"
                + (id ? ", last_id = last_id + 1" : "") + " WHERE one = 1")) {
            take.executeUpdate();
        }
        try (Statement read = connection.createStatement();
             ResultSet row = read.executeQuery("SELECT last_id, last_revision FROM oc_instance_counter WHERE one = 1")) {
            row.next();
            return new long[] { row.getLong(1), row.getLong(2) };
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private <T> T inTransaction(Work<T> work) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
