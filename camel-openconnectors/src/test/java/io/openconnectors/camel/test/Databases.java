package io.openconnectors.camel.test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import io.openconnectors.camel.store.JdbcEventStore;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The two databases the event store runs on: H2 embedded in a folder, and the machine's PostgreSQL (127.0.0.1:5432,
 * database {@code test}), each test in a schema of its own.
 */
public enum Databases {
    H2,
    POSTGRESQL;

    /** A database nobody else uses; {@link #drop} removes it. */
    public DataSource create(Path folder) throws SQLException {
        if (this == H2) {
            JdbcDataSource h2 = new JdbcDataSource();
            // no pool here: keep the database open between connections
            h2.setURL(JdbcEventStore.h2FileUrl(folder.resolve("events")) + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
        String schema = "oc_test_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource admin = postgres(null);
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return postgres(schema);
    }

    public void drop(DataSource dataSource) throws SQLException {
        if (dataSource instanceof PGSimpleDataSource pg) {
            try (Connection connection = postgres(null).getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + pg.getCurrentSchema() + " CASCADE");
            }
        }
    }

    public static String postgresUrl() {
        return System.getProperty("openconnectors.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    private static PGSimpleDataSource postgres(String schema) {
        PGSimpleDataSource pg = new PGSimpleDataSource();
        pg.setURL(postgresUrl());
        pg.setUser(System.getProperty("openconnectors.test.postgres.user", "postgres"));
        if (schema != null) {
            pg.setCurrentSchema(schema);
        }
        return pg;
    }
}
