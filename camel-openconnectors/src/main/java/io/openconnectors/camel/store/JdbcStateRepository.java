package io.openconnectors.camel.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;

import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Poll windows in the event store's database, so that a poll's window commits with its notifications (see
 * {@link EventStore#inTransaction}).
 */
final class JdbcStateRepository extends ServiceSupport implements StateRepository<String, String> {

    private final JdbcEventStore store;

    JdbcStateRepository(JdbcEventStore store) {
        this.store = store;
    }

    @Override
    public String getState(String key) {
        return store.withConnection(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT state_value FROM oc_state WHERE state_key = ?")) {
                select.setString(1, key);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        });
    }

    @Override
    public void setState(String key, String value) {
        store.withConnection(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE oc_state SET state_value = ? WHERE state_key = ?")) {
                update.setString(1, value);
                update.setString(2, key);
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO oc_state (state_key, state_value) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setString(2, value);
                insert.executeUpdate();
            }
            return null;
        });
    }
}
