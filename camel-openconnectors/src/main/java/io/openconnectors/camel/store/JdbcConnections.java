package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

import javax.sql.DataSource;

/**
 * The store's connections: a thread running {@link #inTransaction} shares one, taken only when the work first needs
 * the database (a poll reads the vendor's pages without holding a connection until it has something to store); other
 * work takes its own.
 */
final class JdbcConnections {

    /** Notifications a transaction holds before committing them ahead of the rest, to bound memory and undo logs. */
    static final int CHUNK = 500;

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * This thread's transaction: its connection once taken, how many notifications it stored, and the raw record it
     * wrote last (which the next parts of a webhook refer to).
     */
    private static final class Transaction {
        private Connection connection;
        private int stored;
        private final Bodies.LastRaw lastRaw = new Bodies.LastRaw();
    }

    private final DataSource dataSource;
    private final BrokenConnections broken;
    private final ThreadLocal<Transaction> transactions = new ThreadLocal<>();

    JdbcConnections(DataSource dataSource) {
        this.dataSource = dataSource;
        this.broken = new BrokenConnections(dataSource);
    }

    <T> T inTransaction(Callable<T> work) throws Exception {
        if (transactions.get() != null) {
            return work.call(); // joins the enclosing transaction
        }
        Transaction transaction = new Transaction();
        transactions.set(transaction);
        Throwable failure = null;
        try {
            T result = work.call();
            if (transaction.connection != null) {
                transaction.connection.commit();
            }
            return result;
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            transactions.remove();
            if (transaction.connection != null) {
                release(transaction.connection, true, failure);
            }
        }
    }

    /** Runs on this thread's transaction when there is one, else on a connection of its own in auto-commit. */
    <T> T withConnection(SqlWork<T> work) {
        Transaction transaction = transactions.get();
        if (transaction == null) {
            return onOwnConnection(false, work);
        }
        try {
            if (transaction.connection == null) {
                transaction.connection = begin();
            }
            return work.run(transaction.connection);
        } catch (SQLException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
    }

    /** Runs on this thread's transaction when there is one, else in a short transaction of its own: all or nothing. */
    <T> T atomically(SqlWork<T> work) {
        return transactions.get() != null ? withConnection(work) : inOwnTransaction(work);
    }

    /** Runs in a short transaction of its own, whatever the thread is doing. */
    <T> T inOwnTransaction(SqlWork<T> work) {
        return onOwnConnection(true, work);
    }

    /** The raw record this thread's transaction wrote last; outside a transaction, none. */
    Bodies.LastRaw lastRaw() {
        Transaction transaction = transactions.get();
        return transaction != null ? transaction.lastRaw : new Bodies.LastRaw();
    }

    /** Counts a notification stored in this thread's transaction; commits every {@link #CHUNK}. */
    void stored() {
        Transaction transaction = transactions.get();
        if (transaction != null && transaction.connection != null && ++transaction.stored % CHUNK == 0) {
            try {
                transaction.connection.commit();
            } catch (SQLException e) {
                throw new EventStoreException("Cannot commit stored notifications", e);
            }
        }
    }

    private <T> T onOwnConnection(boolean transactional, SqlWork<T> work) {
        try {
            Connection connection = transactional ? begin() : dataSource.getConnection();
            Throwable failure = null;
            try {
                T result = work.run(connection);
                if (transactional) {
                    connection.commit();
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                release(connection, transactional, failure);
            }
        } catch (SQLException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
    }

    /** A connection with auto-commit off; given back at once when even that fails. */
    private Connection begin() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            release(connection, false, e);
            throw e;
        }
    }

    /**
     * Gives a connection back to the pool, whatever happened: after a transaction, rolled back if its work failed and
     * reset to auto-commit. A connection that failed as broken, or that cannot be rolled back or reset, is discarded
     * first, so that the pool opens a new one rather than lend it again: the store recovers by itself once the
     * database is back.
     */
    private void release(Connection connection, boolean transactional, Throwable failure) {
        Throwable brokenBy = BrokenConnections.isBroken(failure) ? failure : null;
        if (transactional && brokenBy == null) {
            brokenBy = reset(connection, failure);
        }
        if (brokenBy != null) {
            broken.discard(connection, brokenBy);
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // discarded already, or the pool drops it when it checks it
        }
    }

    /** Rolls back after a failure and turns auto-commit back on; returns what went wrong, {@code null} when nothing did. */
    private static SQLException reset(Connection connection, Throwable failure) {
        try {
            if (failure != null) {
                connection.rollback();
            }
            connection.setAutoCommit(true);
            return null;
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
            return e;
        }
    }
}
