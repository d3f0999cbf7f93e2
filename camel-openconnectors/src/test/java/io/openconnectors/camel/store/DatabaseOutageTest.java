package io.openconnectors.camel.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store over a pool (HikariCP, two connections) whose database fails and comes back: no connection is kept by a
 * failure, none that broke is lent again, and the store works again without a restart. Every borrow waits at most a
 * second, so a leaked or broken pool fails these tests at once.
 */
class DatabaseOutageTest {

    private static final int POOL_SIZE = 2;

    @TempDir
    Path folder;

    private HikariDataSource pool;

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void aDatabaseClosedUnderTheStoreCostsNoConnectionAndTheNextConnectionsReopenIt() throws Exception {
        FlakyDatabase database = new FlakyDatabase(JdbcEventStore.h2FileUrl(folder.resolve("events")));
        JdbcEventStore store = storeOver(database.dataSource());

        // H2 closes the database after a failed write (a full disk): here in the middle of a transaction's commit, more
        // times than the pool has connections; every connection open then is broken (H2 error 90121)
        for (int i = 0; i < POOL_SIZE + 2; i++) {
            String id = "lost-" + i;
            database.shutDownAtBody = 1; // the second notification's body
            assertThatThrownBy(() -> store.inTransaction(() -> {
                store.store(notification(id + "-a"));
                store.store(notification(id + "-b"));
                return null;
            })).isInstanceOf(EventStoreException.class).hasMessageContaining("closed");
        }

        storeMoreThanThePoolHolds(store);
        assertThat(store.find("lost-0-a")).as("rolled back with its transaction").isEmpty();
    }

    @Test
    void connectionsThatFailedDuringAnOutageAreDiscardedAndTheStoreWorksOnceTheDatabaseIsBack() throws Exception {
        FlakyDatabase database = new FlakyDatabase(JdbcEventStore.h2FileUrl(folder.resolve("events")));
        JdbcEventStore store = storeOver(database.dataSource());
        store.store(notification("before"));

        database.failing = true;
        for (int i = 0; i < POOL_SIZE + 2; i++) {
            String id = "failed-" + i;
            assertThatThrownBy(() -> store.inTransaction(() -> {
                store.store(notification(id));
                return null;
            }))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("Database is already closed");
            assertThatThrownBy(() -> store.store(notification(id + "-alone"))).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("Database is already closed");
            assertThatThrownBy(() -> store.find(id)).isInstanceOf(EventStoreException.class)
                    .hasMessageContaining("Database is already closed");
        }
        database.failing = false;

        storeMoreThanThePoolHolds(store);
        assertThat(store.find("before")).isPresent();
    }

    /** In a transaction and alone, each more times than the pool has connections, then nothing is held. */
    private void storeMoreThanThePoolHolds(JdbcEventStore store) throws Exception {
        for (int i = 0; i < POOL_SIZE + 3; i++) {
            String id = "after-" + i;
            store.inTransaction(() -> {
                store.store(notification(id));
                return null;
            });
            store.store(notification(id + "-alone"));
            assertThat(store.find(id)).isPresent();
            assertThat(store.find(id + "-alone")).isPresent();
        }
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("connections lent").isZero();
    }

    private JdbcEventStore storeOver(String url) {
        HikariConfig config = config();
        config.setJdbcUrl(url);
        return migrated(new HikariDataSource(config));
    }

    private JdbcEventStore storeOver(DataSource dataSource) {
        HikariConfig config = config();
        config.setDataSource(dataSource);
        return migrated(new HikariDataSource(config));
    }

    private static HikariConfig config() {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(1000);
        return config;
    }

    private JdbcEventStore migrated(HikariDataSource dataSource) {
        pool = dataSource;
        JdbcEventStore store = new JdbcEventStore(dataSource);
        store.migrate();
        return store;
    }

    private static void shutdownImmediately(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement sql = connection.createStatement()) {
            sql.execute("SHUTDOWN IMMEDIATELY");
        }
    }

    private static StoredNotification notification(String id) {
        return new StoredNotification(id, "i-1", "crm", false, ("{\"message\":{\"eventId\":\"" + id + "\"}}")
                .getBytes(StandardCharsets.UTF_8), 1, Instant.now());
    }

    /**
     * An H2 database that fails while {@link #failing}, as H2 does once it closed itself: the store's calls on a
     * connection fail, and a connection that failed stays broken, also when the database is back. Connections the pool
     * opens meanwhile work once it is back (they would reopen it). It can also close itself for real, as H2 does after a
     * failed write, just before a given body is written ({@link #shutDownAtBody}).
     */
    private static final class FlakyDatabase {
        /** What a pool may call on a broken connection without an error: closing it, and asking whether it works. */
        private static final Set<String> HARMLESS = Set.of("close", "abort", "isClosed", "isValid", "unwrap", "isWrapperFor",
                "toString", "hashCode", "equals");
        private final JdbcDataSource h2 = new JdbcDataSource();
        private final String url;
        private volatile boolean failing;
        /** Bodies written before the database shuts itself down, or -1: never. */
        private volatile int shutDownAtBody = -1;

        FlakyDatabase(String url) {
            this.url = url;
            h2.setURL(url);
        }

        DataSource dataSource() {
            return proxy(DataSource.class, (proxy, method, args) -> method.getName().equals("getConnection")
                    ? connection(h2.getConnection()) : invoke(method, h2, args));
        }

        private Connection connection(Connection connection) {
            AtomicBoolean broken = new AtomicBoolean();
            return proxy(Connection.class, (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("isValid") && broken.get()) {
                    return false;
                }
                // what the pool does to set a connection up still works; the store's work does not
                boolean setUp = name.startsWith("get") || name.startsWith("is") || name.equals("clearWarnings")
                                || name.startsWith("set") && !(name.equals("setAutoCommit") && Boolean.FALSE.equals(args[0]));
                if (!HARMLESS.contains(name) && (broken.get() || failing && !setUp)) {
                    broken.set(true);
                    throw new SQLNonTransientConnectionException("Database is already closed", "90121", 90121);
                }
                if (name.equals("prepareStatement") && ((String) args[0]).contains("INTO oc_body") && shutDownAtBody >= 0
                        && shutDownAtBody-- == 0) {
                    shutdownImmediately(url);
                }
                return invoke(method, connection, args);
            });
        }

        private static <T> T proxy(Class<T> type, InvocationHandler handler) {
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        }

        private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
