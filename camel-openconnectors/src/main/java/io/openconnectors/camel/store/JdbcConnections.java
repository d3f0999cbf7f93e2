package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

/**
 * The store's connections and transactions. A write says by its name when it commits:
 * <ul>
 * <li>{@link #write}: with this thread's transaction ({@link #inTransaction}) when it has one, else at once. The
 * writes of a transaction wait, in order, until its work is done, and are then committed with those of the
 * transactions that end at the same time ({@link GroupCommit}): no connection is held while the work runs (a poll
 * reads the vendor's pages, a webhook goes through its route), and concurrent webhooks share a commit. A transaction
 * that stores many notifications commits every {@link #CHUNK} ({@link #storedCommittingEveryChunk}).</li>
 * <li>{@link #writeNowGrouped}: at once, in a group commit, whatever the thread's transaction: the dispatcher's short
 * writes, which must not wait for a poll to end.</li>
 * <li>{@link #writeNowAlone}: at once, in a transaction of its own beside the group commits: long or rare writes
 * (migration, queueing a callback's backlog, redelivery, purge) that would hold every webhook of a group.</li>
 * </ul>
 * {@link #read Reads} run at once on a connection of their own, so they do not see the writes their transaction has
 * not committed yet.
 */
final class JdbcConnections {

    /** Notifications a transaction holds before committing them ahead of the rest, to bound memory and undo logs. */
    static final int CHUNK = 500;

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * This thread's transaction: the writes waiting for its commit, how many notifications it stored, and the raw
     * record it wrote last (which the next parts of a webhook refer to).
     */
    private static final class Transaction {
        private final List<Write> writes = new ArrayList<>();
        private int stored;
        /** Whether the writes waiting for the next commit store notifications due for a claim. */
        private boolean storesDue;
        private final Bodies.LastRaw lastRaw = new Bodies.LastRaw();
    }

    /** A write, what it returned when it ran, and when its commit is done. */
    private record Write(SqlWork<?> work, Object[] result, CompletableFuture<Object> committed) {

        Write(SqlWork<?> work) {
            this(work, new Object[1], new CompletableFuture<>());
        }

        SqlWork<?> recording() {
            return connection -> result[0] = work.run(connection);
        }
    }

    private final DataSource dataSource;
    private final BrokenConnections broken;
    private final ThreadLocal<Transaction> transactions = new ThreadLocal<>();
    private final GroupCommit groupCommit;

    /**
     * @param afterCommit told, on the committing thread, after each commit that stored notifications due for a claim
     */
    JdbcConnections(DataSource dataSource, Runnable afterCommit) {
        this.dataSource = dataSource;
        this.broken = new BrokenConnections(dataSource);
        this.groupCommit = new GroupCommit(this::writeNowAlone, afterCommit);
    }

    <T> T inTransaction(Callable<T> work) throws Exception {
        if (transactions.get() != null) {
            return work.call(); // joins the enclosing transaction
        }
        Transaction transaction = new Transaction();
        transactions.set(transaction);
        try {
            T result = work.call();
            transactions.remove(); // what those told of the commit write is not part of it
            commit(transaction);
            return result;
        } catch (Exception | Error e) {
            // what the work wrote is not committed: whoever waits for it hears so
            transaction.writes.forEach(write -> write.committed().completeExceptionally(e));
            throw e;
        } finally {
            transactions.remove();
        }
    }

    /** Lets up to {@code groups} group commits run at once (see {@link GroupCommit}). */
    void allowConcurrentCommits(int groups) {
        groupCommit.allowConcurrentCommits(groups);
    }

    /** Reads on a connection of its own, in auto-commit: inside a transaction too, without its uncommitted writes. */
    <T> T read(SqlWork<T> work) {
        return onOwnConnection(false, work);
    }

    /**
     * Writes with this thread's transaction, when it commits; else now, in a group commit: all or nothing either way.
     *
     * @param  storesDue whether the work stores notifications due for a claim, which the dispatcher hears of after the
     *                   commit
     * @return           completes with what the work returned once it is committed, or exceptionally when the commit
     *                   failed
     */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> write(boolean storesDue, SqlWork<T> work) {
        Write write = new Write(work);
        Transaction transaction = transactions.get();
        if (transaction != null) {
            transaction.writes.add(write);
            transaction.storesDue |= storesDue;
        } else {
            commit(List.of(write), storesDue);
        }
        return (CompletableFuture<T>) write.committed();
    }

    /**
     * Runs {@code work} in a commit of its own or shared with the transactions that end at the same time, whatever the
     * thread is doing: for the dispatcher's short writes, which gain most from sharing a commit under load.
     */
    @SuppressWarnings("unchecked")
    <T> T writeNowGrouped(SqlWork<T> work) {
        return (T) groupCommit.commit(List.of(work), false);
    }

    /** Runs in a transaction of its own, now, beside the group commits, whatever the thread is doing. */
    <T> T writeNowAlone(SqlWork<T> work) {
        return onOwnConnection(true, work);
    }

    /** The raw record this thread's transaction wrote last; outside a transaction, none. */
    Bodies.LastRaw lastRaw() {
        Transaction transaction = transactions.get();
        return transaction != null ? transaction.lastRaw : new Bodies.LastRaw();
    }

    /** Counts a notification stored in this thread's transaction; commits what it holds every {@link #CHUNK}. */
    void storedCommittingEveryChunk() {
        Transaction transaction = transactions.get();
        if (transaction != null && ++transaction.stored % CHUNK == 0) {
            commit(transaction);
        }
    }

    private void commit(Transaction transaction) {
        if (!transaction.writes.isEmpty()) {
            // a group commit that fails runs these writes again on their own: from the raw record known before them,
            // not from one its rolled-back run wrote
            Bodies.LastRaw before = transaction.lastRaw.copy();
            transaction.writes.add(0, new Write(connection -> {
                transaction.lastRaw.restore(before);
                return null;
            }));
            try {
                commit(transaction.writes, transaction.storesDue);
            } finally {
                transaction.writes.clear();
                transaction.storesDue = false;
            }
        }
    }

    private void commit(List<Write> writes, boolean storesDue) {
        try {
            groupCommit.commit(writes.stream().<SqlWork<?>>map(Write::recording).toList(), storesDue);
        } catch (RuntimeException | Error e) {
            writes.forEach(write -> write.committed().completeExceptionally(e));
            throw e;
        }
        writes.forEach(write -> write.committed().complete(write.result()[0]));
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
