package io.openconnectors.camel.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import io.openconnectors.camel.store.JdbcConnections.SqlWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the writes of concurrent transactions together. A transaction that gets a turn to commit (one at a time on
 * H2, a few on PostgreSQL) commits what every transaction queued by then, in one database transaction; those that
 * arrive meanwhile wait and go together in the next one. Each caller returns only once its own writes are committed,
 * or fails: a webhook is acknowledged after its commit, never before. When a group's commit fails, each member is
 * tried again in a commit of its own, so that one member's failure (a constraint, a deadlock with another node) fails
 * that member alone; when the connection broke or none could be had (the database is down), every member fails at
 * once.
 * <p>
 * A commit is what costs (the database writes its log, or H2 its file); grouping makes that cost one per group
 * rather than one per webhook, while each write keeps its own order within its transaction. The dispatcher's claims
 * and recorded attempts go the same way, so that under load webhooks, claims and outcomes share their commits.
 */
final class GroupCommit {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    /** Transactions in one commit at most: a bound on its size and on how long its first member waits. */
    static final int MAX_GROUP = 256;

    /**
     * One transaction's writes, in order; whether they store notifications due for a claim (the dispatcher is told
     * after the commit);
     * and, once committed, what the last write returned.
     */
    private record Member(List<SqlWork<?>> writes, boolean storesDue, AtomicBoolean taken,
                          CompletableFuture<Object> committed) {
    }

    private final Queue<Member> queued = new ConcurrentLinkedQueue<>();
    /**
     * How many groups may commit at once: one for H2, whose commits are serialised writes of its file anyway, so that
     * one group's commit is one write; a few for PostgreSQL, whose own log flush takes concurrent commits together,
     * so that a commit waiting for its flush does not hold the next group back.
     */
    private volatile Semaphore committers = new Semaphore(1);
    private final Function<SqlWork<Object>, Object> inOwnTransaction;
    private final Runnable afterCommit;

    /**
     * @param inOwnTransaction runs work in a short transaction of its own, all or nothing
     * @param afterCommit      told after each commit that stored notifications due for a claim (the dispatcher looks
     *                         for the new work)
     */
    GroupCommit(Function<SqlWork<Object>, Object> inOwnTransaction, Runnable afterCommit) {
        this.inOwnTransaction = inOwnTransaction;
        this.afterCommit = afterCommit;
    }

    /**
     * Commits these writes, with whatever other transactions queued meanwhile; returns, once they are committed, what
     * the last one returned.
     *
     * @param storesDue whether the writes store notifications due for a claim: the dispatcher is told after the commit
     */
    Object commit(List<SqlWork<?>> writes, boolean storesDue) {
        Member member = new Member(List.copyOf(writes), storesDue, new AtomicBoolean(), new CompletableFuture<>());
        queued.add(member);
        Semaphore turn = committers;
        turn.acquireUninterruptibly();
        try {
            // a commit that ran while this one waited for its turn may have taken it along
            while (!member.taken().get()) {
                commitGroup();
            }
        } finally {
            turn.release();
        }
        try {
            return member.committed().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private void commitGroup() {
        List<Member> group = new ArrayList<>();
        for (Member next; group.size() < MAX_GROUP && (next = queued.poll()) != null;) {
            next.taken().set(true);
            group.add(next);
        }
        if (group.isEmpty()) {
            return; // another committer took them
        }
        Object[] results = new Object[group.size()];
        try {
            inOwnTransaction.apply(connection -> {
                for (int i = 0; i < group.size(); i++) {
                    results[i] = run(group.get(i), connection);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            if (group.size() == 1 || BrokenConnections.isBroken(e)) {
                group.forEach(member -> member.committed().completeExceptionally(e));
            } else {
                group.forEach(this::commitAlone);
            }
            tellIfStored(group);
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            group.get(i).committed().complete(results[i]);
        }
        tellIfStored(group);
    }

    /** Lets up to {@code groups} groups commit at once; set before the store is used. */
    void allowConcurrentCommits(int groups) {
        committers = new Semaphore(groups);
    }

    private void commitAlone(Member member) {
        try {
            member.committed().complete(inOwnTransaction.apply(connection -> run(member, connection)));
        } catch (RuntimeException | Error e) {
            member.committed().completeExceptionally(e);
        }
    }

    private void tellIfStored(List<Member> group) {
        if (group.stream().anyMatch(member -> member.storesDue() && !member.committed().isCompletedExceptionally())) {
            try {
                afterCommit.run();
            } catch (RuntimeException e) {
                // the commit stands: a listener's failure must not fail the callers
                LOG.warn("A listener of stored notifications failed: {}", e.toString());
            }
        }
    }

    private static Object run(Member member, Connection connection) throws SQLException {
        Object result = null;
        for (SqlWork<?> write : member.writes()) {
            result = write.run(connection);
        }
        return result;
    }
}
