package io.openconnectors.camel.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.h2.jdbcx.JdbcDataSource;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An embedded H2 store stops growing under steady writes: the space of the chunks its commits append is reused once
 * their pages are rewritten. Without compaction each commit's chunk keeps a few live pages for good, and the file grows
 * by about the same amount for every notification, for as long as notifications come.
 */
class H2HousekeepingTest {

    /** Each is stored, claimed and marked delivered: three commits. */
    private static final int NOTIFICATIONS = 4500;

    @TempDir
    Path folder;

    private JdbcDataSource h2;
    /** Keeps the database open between the store's connections; closed, the database's compaction ends. */
    private Connection open;

    @AfterEach
    void shutDown() throws Exception {
        if (open != null) {
            try (Statement statement = open.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            open.close();
        }
    }

    @Test
    void theFileStopsGrowingWhileNotificationsKeepComing() throws Exception {
        h2 = new JdbcDataSource();
        // chunks are reused at once once dead, instead of after 45 s, so that the test need not run for minutes
        h2.setURL(JdbcEventStore.h2FileUrl(folder.resolve("events")) + ";RETENTION_TIME=0");
        open = h2.getConnection();
        JdbcEventStore store = new JdbcEventStore(h2);
        store.migrate();

        deliver(store, NOTIFICATIONS);

        assertThat(store.countByStatus()).containsEntry(NotificationStatus.NOTIFIED, (long) NOTIFICATIONS);
        // about 600 bytes a notification with compaction; without, 5.6 KB after the first 1,500 and 6.5 KB after 4,500,
        // growing the longer it runs
        assertThat(Files.size(folder.resolve("events.mv.db")) / NOTIFICATIONS).as("bytes of file per notification")
                .isLessThan(2048);
    }

    @Test
    void onlyAnEmbeddedFileIsCompactedAndOnlyWhileItIsOpen() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:housekeeping");
        try (Connection inMemory = memory.getConnection()) {
            assertThat(H2Housekeeping.embeddedFile(inMemory)).as("in memory: no file").isNull();
        }
        h2 = new JdbcDataSource();
        h2.setURL(JdbcEventStore.h2FileUrl(folder.resolve("events")));
        MVStore file;
        try (Connection connection = h2.getConnection()) {
            file = H2Housekeeping.embeddedFile(connection);
            H2Housekeeping.keep(connection);
            H2Housekeeping.keep(connection); // kept once, asked twice
            assertThat(H2Housekeeping.isKept(file)).isTrue();
        }
        // the last connection closed: H2 closed the database

        await().atMost(5, SECONDS).until(() -> !H2Housekeeping.isKept(file));
    }

    /** Stores notifications one at a time, each in a commit, then claims it and records it delivered. */
    private static void deliver(JdbcEventStore store, int count) {
        for (int i = 0; i < count; i++) {
            String id = "n-" + i;
            store.store(new StoredNotification(id, "i-" + i % 10, "crm", false,
                    ("{\"message\":{\"eventId\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8), 1, Instant.now())).join();
            Instant now = Instant.now().plusMillis(1);
            List<Delivery> claimed = store.claimDue(now, now.minusSeconds(60), 1, callbackName -> true, Set.of());
            assertThat(claimed).extracting(Delivery::eventId).containsExactly(id);
            store.recordAttempts(List.of(new AttemptOutcome(claimed.get(0), new DeliveryAttempt(1, now, 200, null, 1),
                    NotificationStatus.NOTIFIED, null)));
        }
    }
}
