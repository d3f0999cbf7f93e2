package io.openconnectors.camel.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.openconnectors.camel.test.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Transactions that end while a commit runs share the next commit, on H2 and PostgreSQL (with one commit at a time, as
 * on H2): each returns only once its own notifications are committed; when that commit fails, each is tried again
 * alone, so that the one at fault fails, is not stored (not even in part) and no other is held back by it. On
 * PostgreSQL a few groups commit side by side, so one slow commit does not hold the others back.
 */
class GroupCommitTest {

    private static final int WAITING = 10;

    @TempDir
    Path folder;

    private Databases database;
    private DataSource dataSource;
    private JdbcEventStore store;
    private final ExecutorService webhooks = Executors.newFixedThreadPool(WAITING + 1);
    private final AtomicInteger commits = new AtomicInteger();
    /** Held open, the listener keeps the first commit from ending: the others queue behind it. */
    private final CountDownLatch firstCommitEnds = new CountDownLatch(1);

    @AfterEach
    void drop() throws Exception {
        firstCommitEnds.countDown();
        webhooks.shutdownNow();
        if (dataSource != null) {
            database.drop(dataSource);
        }
    }

    /** One group commit at a time, on either database. */
    private void open(Databases db) throws Exception {
        openAsIs(db);
        store.allowConcurrentCommits(1);
    }

    private void openAsIs(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        store = new JdbcEventStore(dataSource);
        store.migrate();
        store.addStoredListener(() -> {
            if (commits.incrementAndGet() == 1) {
                hold(firstCommitEnds);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void transactionsThatEndDuringACommitShareTheNextAndEachReturnsOnceItsOwnIsCommitted(Databases db) throws Exception {
        open(db);
        CompletableFuture<Void> first = holdTheFirstCommit();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            queued.add(transaction("w-" + i));
        }
        awaitAllWaitingForTheCommit();
        assertThat(queued).as("none answered before its commit").noneMatch(CompletableFuture::isDone);

        firstCommitEnds.countDown();
        first.get(10, SECONDS);
        for (CompletableFuture<Void> transaction : queued) {
            transaction.get(10, SECONDS);
        }

        assertThat(commits.get()).as("one commit for the first, one for the ten that waited").isEqualTo(2);
        for (int i = 0; i < WAITING; i++) {
            assertThat(store.find("w-" + i + "-a")).isPresent();
            assertThat(store.find("w-" + i + "-b")).isPresent();
        }
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aTransactionThatFailsTheGroupsCommitFailsAloneAndTheOthersAreCommittedWithoutIt(Databases db) throws Exception {
        open(db);
        refuse("w-3-b");
        CompletableFuture<Void> first = holdTheFirstCommit();
        List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (int i = 0; i < WAITING; i++) {
            queued.add(transaction("w-" + i));
        }
        awaitAllWaitingForTheCommit();

        firstCommitEnds.countDown();
        first.get(10, SECONDS);
        for (int i = 0; i < WAITING; i++) {
            CompletableFuture<Void> transaction = queued.get(i);
            if (i == 3) {
                assertThatThrownBy(() -> transaction.get(10, SECONDS)).hasCauseInstanceOf(EventStoreException.class);
                assertThat(store.find("w-3-a")).as("rolled back with its transaction").isEmpty();
            } else {
                transaction.get(10, SECONDS);
                assertThat(store.find("w-" + i + "-b")).isPresent();
            }
        }
        assertThat(commits.get()).as("the dispatcher told once for the group").isEqualTo(2);

        transaction("after").get(10, SECONDS);
        assertThat(store.find("after-a")).as("the next commit works").isPresent();
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void partsThatShareARawRecordKeepItWhenTheirGroupFailedAndTheyWereCommittedAlone(Databases db) throws Exception {
        open(db);
        refuse("bad-b");
        CompletableFuture<Void> first = holdTheFirstCommit();
        byte[] raw = "x".repeat(2048).getBytes(StandardCharsets.UTF_8);
        // the parts of one webhook repeat its raw body: it is kept once
        CompletableFuture<Void> shared = transaction(part("shared-a", raw), part("shared-b", raw));
        awaitWaitingForTheCommit(1); // queued first: its writes run before the refused ones in the group
        CompletableFuture<Void> bad = transaction("bad");
        awaitWaitingForTheCommit(2);

        firstCommitEnds.countDown();
        first.get(10, SECONDS);
        assertThatThrownBy(() -> bad.get(10, SECONDS)).hasCauseInstanceOf(EventStoreException.class);
        shared.get(10, SECONDS);

        // run twice (in the failed group, then alone): the second run must write the raw record again
        assertThat(store.find("shared-a").orElseThrow().body()).isEqualTo(part("shared-a", raw).body());
        assertThat(store.find("shared-b").orElseThrow().body()).isEqualTo(part("shared-b", raw).body());
    }

    @Test
    void onPostgresqlACommitThatHangsDoesNotHoldTheOthersBack() throws Exception {
        openAsIs(Databases.POSTGRESQL);
        CompletableFuture<Void> first = holdTheFirstCommit();

        for (int i = 0; i < WAITING; i++) {
            transaction("w-" + i).get(10, SECONDS);
        }

        assertThat(first).as("still held").isNotDone();
        firstCommitEnds.countDown();
        first.get(10, SECONDS);
    }

    /** A transaction whose commit is done, but whose caller is not told until {@link #firstCommitEnds}. */
    private CompletableFuture<Void> holdTheFirstCommit() {
        CompletableFuture<Void> first = transaction("first");
        await().atMost(10, SECONDS).until(() -> commits.get() == 1);
        return first;
    }

    /** The database refuses this notification, as it would refuse a bad row. */
    private void refuse(String eventId) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("ALTER TABLE oc_notification ADD CONSTRAINT refused CHECK (event_id <> '" + eventId + "')");
        }
    }

    /** A webhook's transaction: two notifications, committed together. */
    private CompletableFuture<Void> transaction(String id) {
        return transaction(notification(id + "-a"), notification(id + "-b"));
    }

    private CompletableFuture<Void> transaction(StoredNotification... parts) {
        return CompletableFuture.runAsync(() -> {
            try {
                store.inTransaction(() -> {
                    for (StoredNotification part : parts) {
                        store.store(part);
                    }
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, webhooks).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e.getCause() instanceof IllegalStateException wrapped ? wrapped.getCause() : e.getCause()));
    }

    private void awaitAllWaitingForTheCommit() {
        awaitWaitingForTheCommit(WAITING);
    }

    /** {@code count} workers besides the committing one are parked, waiting for their turn at the commit. */
    private void awaitWaitingForTheCommit(int count) {
        await().atMost(10, SECONDS).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("pool-"))
                .filter(thread -> thread.getState() == Thread.State.WAITING)
                .filter(thread -> List.of(thread.getStackTrace()).stream()
                        .anyMatch(frame -> frame.getClassName().equals(GroupCommit.class.getName())))
                .count() == count);
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(30, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A part of a webhook: its own envelope around the webhook's raw body, which every part repeats. */
    private static StoredNotification part(String id, byte[] raw) {
        byte[] head = ("{\"message\":{\"eventId\":\"" + id + "\",\"raw\":").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + raw.length + 2];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(raw, 0, body, head.length, raw.length);
        body[body.length - 2] = '}';
        body[body.length - 1] = '}';
        return new StoredNotification(id, "i-1", "crm", false, body, 1, Instant.parse("2026-11-29T10:00:00Z"), head.length,
                raw.length, null);
    }

    private static StoredNotification notification(String id) {
        return new StoredNotification(id, "i-1", "crm", false, ("{\"message\":{\"eventId\":\"" + id + "\"}}")
                .getBytes(StandardCharsets.UTF_8), 1, Instant.now());
    }
}
