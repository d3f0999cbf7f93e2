package io.openconnectors.camel.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a broken connection from a failed statement, and keeps the pool from lending a broken one again.
 * <p>
 * A pool checks an idle connection only now and then (HikariCP: not within 500 ms of its last use), and HikariCP takes
 * as broken only SQLState class 08 and a few PostgreSQL states: H2's "database closed" (90098, 90121), which follows a
 * failed write such as a full disk, would go back to the pool and fail every borrower until the check, one request at
 * a time. When the database broke one connection it usually closed or restarted under all of them, so on HikariCP
 * every connection is evicted (idle ones now, lent ones when they come back) and the pool opens new ones, which
 * reopen the database once it is back. The store does not depend on HikariCP: its public methods are found by name.
 */
final class BrokenConnections {

    private static final Logger LOG = LoggerFactory.getLogger(BrokenConnections.class);
    /** PostgreSQL: admin shutdown, crash shutdown, cannot connect now (the ones HikariCP evicts too). */
    private static final Set<String> BROKEN_STATES = Set.of("57P01", "57P02", "57P03");
    /** H2: the object (connection) is closed, the connection is broken, the database is closed, or shutting down. */
    private static final Set<Integer> H2_BROKEN_CODES = Set.of(90007, 90067, 90098, 90121);
    /** How far along a chain of causes and next exceptions to look. */
    private static final int DEPTH = 10;

    private final DataSource dataSource;
    /** HikariCP's {@code HikariDataSource.getHikariPoolMXBean()}, or {@code null} for another pool. */
    private final Method poolBean;

    BrokenConnections(DataSource dataSource) {
        this.dataSource = dataSource;
        this.poolBean = publicMethod(dataSource.getClass(), "getHikariPoolMXBean");
    }

    /** Whether {@code failure}, or one of its causes, says that the connection it happened on is of no more use. */
    static boolean isBroken(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < DEPTH; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLException sql) {
                for (SQLException next = sql; next != null && depth < DEPTH; next = next.getNextException(), depth++) {
                    if (isBroken(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean isBroken(SQLException e) {
        String state = e.getSQLState();
        // the JDBC classes that say "re-establish the connection", and SQLState class 08, connection exception
        return e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException
               || e instanceof SQLRecoverableException || state != null && (state.startsWith("08") || BROKEN_STATES.contains(state))
               || H2_BROKEN_CODES.contains(e.getErrorCode());
    }

    /**
     * Keeps the pool from lending {@code connection} again, nor, on HikariCP, any connection opened before; call it
     * before closing the connection. Without HikariCP the connection is aborted: the pool finds it closed when it next
     * checks it.
     */
    void discard(Connection connection, Throwable failure) {
        LOG.debug("Discarding a broken database connection: {}", failure.toString());
        try {
            if (poolBean != null) {
                Object pool = poolBean.invoke(dataSource);
                if (pool != null) {
                    publicMethod(pool.getClass(), "softEvictConnections").invoke(pool);
                    return;
                }
            }
            connection.abort(Runnable::run);
        } catch (SQLException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            // closing it is all that is left; the pool's own check drops it later
            failure.addSuppressed(e);
        }
    }

    /** A public method without parameters, or {@code null}. */
    private static Method publicMethod(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
