package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import io.openconnectors.camel.store.JdbcConnections.SqlWork;

/**
 * Commits the writes of concurrent transactions together. A transaction that finds no commit running commits what
 * every transaction queued by then, in one database transaction; those that arrive meanwhile wait and go together in
 * the next one. Each caller returns only once its own writes are committed, or fails, with every other member of its
 * group, when that commit fails: a webhook is acknowledged after its commit, never before, and a failed commit
 * answers an error to every request in it.
 * <p>
 * A commit is what costs (the database writes its log, or H2 its file); grouping makes that cost one per group
 * rather than one per webhook, while each write keeps its own order within its transaction.
 */
final class GroupCommit {

    /** Transactions in one commit at most: a bound on its size and on how long its first member waits. */
    static final int MAX_GROUP = 256;

    /** One transaction's writes, in order, and when they are committed. */
    private record Member(List<SqlWork<?>> writes, CompletableFuture<Void> committed) {
    }

    private final Queue<Member> queued = new ConcurrentLinkedQueue<>();
    private final Lock committing = new ReentrantLock();
    private final Function<SqlWork<Void>, Void> inOwnTransaction;
    private final Runnable afterCommit;

    /**
     * @param inOwnTransaction runs work in a short transaction of its own, all or nothing
     * @param afterCommit      told after each successful commit (the dispatcher looks for the new work)
     */
    GroupCommit(Function<SqlWork<Void>, Void> inOwnTransaction, Runnable afterCommit) {
        this.inOwnTransaction = inOwnTransaction;
        this.afterCommit = afterCommit;
    }

    /** Commits these writes, with whatever other transactions queued meanwhile; returns once they are committed. */
    void commit(List<SqlWork<?>> writes) {
        Member member = new Member(List.copyOf(writes), new CompletableFuture<>());
        queued.add(member);
        committing.lock();
        try {
            // the commit that ran while this one waited for the lock may have taken it along
            while (!member.committed().isDone()) {
                commitGroup();
            }
        } finally {
            committing.unlock();
        }
        try {
            member.committed().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void commitGroup() {
        List<Member> group = new ArrayList<>();
        for (Member next; group.size() < MAX_GROUP && (next = queued.poll()) != null;) {
            group.add(next);
        }
        try {
            inOwnTransaction.apply(connection -> {
                for (Member member : group) {
                    run(member, connection);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            group.forEach(member -> member.committed().completeExceptionally(e));
            return;
        }
        group.forEach(member -> member.committed().complete(null));
        afterCommit.run();
    }

    private static void run(Member member, Connection connection) throws SQLException {
        for (SqlWork<?> write : member.writes()) {
            write.run(connection);
        }
    }
}
