package io.openconnectors.camel.store;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An event store the component opened from its settings rather than was given: on a {@code DataSource} of the
 * application's, or on a database named by URL through a pool of its own, which it closes. The schema is created or
 * migrated as it opens.
 */
public final class OwnedEventStore implements AutoCloseable {

    private final JdbcEventStore store;
    private final HikariDataSource ownPool;
    private final String where;

    private OwnedEventStore(DataSource dataSource, HikariDataSource ownPool, String where) {
        this.store = new JdbcEventStore(dataSource);
        this.ownPool = ownPool;
        this.where = where;
        try {
            store.migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** On the application's data source, which stays the application's to close. */
    public static OwnedEventStore on(DataSource dataSource) {
        return new OwnedEventStore(dataSource, null, "the application's DataSource");
    }

    /**
     * Through a pool of its own on the database at {@code url} (its JDBC driver must be on the classpath); an H2 URL
     * gets the settings the store needs ({@link JdbcEventStore#withH2Settings}).
     *
     * @param user     {@code null} when the URL or the driver says who connects
     * @param password {@code null} likewise
     */
    public static OwnedEventStore at(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(JdbcEventStore.withH2Settings(url));
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(20);
        // while the database is down, a webhook is answered 500 after this rather than HikariCP's 30 s
        config.setConnectionTimeout(5000);
        config.setPoolName("openconnectors-events");
        HikariDataSource pool = new HikariDataSource(config);
        return new OwnedEventStore(pool, pool, loggable(url));
    }

    /**
     * The database a JDBC URL names, without what may carry credentials: its settings ({@code ;password=},
     * {@code ?password=}) and a user part ({@code user:pass@}, Oracle's {@code user/pass@}).
     */
    static String loggable(String url) {
        String shown = url.split("[;?]", 2)[0];
        int at = shown.lastIndexOf('@');
        if (at >= 0) {
            int start = shown.indexOf("//") >= 0 && shown.indexOf("//") < at ? shown.indexOf("//") + 2 : shown.indexOf(':', 5) + 1;
            shown = shown.substring(0, start) + "***@" + shown.substring(at + 1);
        }
        return shown;
    }

    public JdbcEventStore store() {
        return store;
    }

    /** Where the notifications are kept, fit for a log line (no password). */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.close();
        }
    }
}
