package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Poll windows in the event store's database, so that a poll's window commits with its notifications (see
 * {@link EventStore#inTransaction}). A Camel {@link StateRepository} is a service; this one has nothing to start.
 */
final class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    private final JdbcConnections jdbc;

    JdbcStateRepository(JdbcConnections jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String getState(String key) {
        return jdbc.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT state_value FROM oc_state WHERE state_key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    /** Update, else insert; a concurrent first insert (another node) makes the update win after all. */
    @Override
    public void setState(String key, String value) {
        jdbc.write(false, connection -> {
            if (update(connection, key, value) == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO oc_state (state_key, state_value) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                    insert.setString(1, key);
                    insert.setString(2, value);
                    if (insert.executeUpdate() == 0) {
                        update(connection, key, value);
                    }
                }
            }
            return null;
        });
    }

    private static int update(Connection connection, String key, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE oc_state SET state_value = ? WHERE state_key = ?")) {
            update.setString(1, value);
            update.setString(2, key);
            return update.executeUpdate();
        }
    }
}
