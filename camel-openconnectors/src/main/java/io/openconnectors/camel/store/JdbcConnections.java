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

    /** This thread's transaction: its connection once taken, and how many notifications it stored. */
    private static final class Transaction {
        private Connection connection;
        private int stored;
    }

    private final DataSource dataSource;
    private final ThreadLocal<Transaction> transactions = new ThreadLocal<>();

    JdbcConnections(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T inTransaction(Callable<T> work) throws Exception {
        if (transactions.get() != null) {
            return work.call(); // joins the enclosing transaction
        }
        Transaction transaction = new Transaction();
        transactions.set(transaction);
        try {
            T result = work.call();
            if (transaction.connection != null) {
                transaction.connection.commit();
            }
            return result;
        } catch (Exception | Error e) {
            if (transaction.connection != null) {
                rollback(transaction.connection, e);
            }
            throw e;
        } finally {
            transactions.remove();
            if (transaction.connection != null) {
                close(transaction.connection);
            }
        }
    }

    /** Runs on this thread's transaction when there is one, else on a connection of its own in auto-commit. */
    <T> T withConnection(SqlWork<T> work) {
        Transaction transaction = transactions.get();
        try {
            if (transaction != null) {
                if (transaction.connection == null) {
                    transaction.connection = dataSource.getConnection();
                    transaction.connection.setAutoCommit(false);
                }
                return work.run(transaction.connection);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
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
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new EventStoreException(e.getMessage(), e);
        }
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

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static void close(Connection connection) {
        try {
            connection.setAutoCommit(true);
            connection.close();
        } catch (SQLException e) {
            // the pool discards a connection it cannot reset
        }
    }
}
