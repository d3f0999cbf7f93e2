package io.openconnectors.camel.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.openconnectors.camel.test.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retired callback (its instance was deleted) on H2 and PostgreSQL, with two stores over one database standing for two
 * nodes: what is pending, what a delivery under way records later and what is stored later are all queued with the
 * reason, on both nodes, and none of it is claimed again; a callback endpoint of that name starting again revives it.
 */
class RetiredCallbackTest {

    private static final String DELETED = "the instance was deleted";

    @TempDir
    Path folder;

    private Databases database;
    private DataSource dataSource;
    private JdbcEventStore node1;
    private JdbcEventStore node2;

    @AfterEach
    void drop() throws Exception {
        if (dataSource != null) {
            database.drop(dataSource);
        }
    }

    private void open(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        node1 = new JdbcEventStore(dataSource);
        node1.migrate();
        node2 = new JdbcEventStore(dataSource);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void anAttemptUnderWayWhenItsSenderIsRetiredIsQueuedInsteadOfRetried(Databases db) throws Exception {
        open(db);
        node1.store(notification("n-1", "crm"));
        Delivery underWay = claimOne(node1, "n-1");
        node1.store(notification("n-2", "crm"));
        node1.store(notification("other", "erp"));

        assertThat(node2.retire("crm", DELETED)).as("pending ones queued").isEqualTo(1);
        assertThat(node1.recordAttempts(List.of(retry(underWay)))).containsExactly(true);

        assertThat(node1.find("n-1").orElseThrow()).satisfies(record -> {
            assertThat(record.status()).isEqualTo(NotificationStatus.QUEUED);
            assertThat(record.lastError()).isEqualTo(DELETED);
            assertThat(record.nextAttemptAt()).isNull();
            assertThat(record.attempts()).hasSize(1);
        });
        assertThat(node1.find("n-2").orElseThrow().status()).isEqualTo(NotificationStatus.QUEUED);
        assertThat(claimAll(node2)).as("only the other callback's").containsExactly("other");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aClaimOfADispatcherThatDiedIsQueuedOnceItsLeaseRanOut(Databases db) throws Exception {
        open(db);
        node1.store(notification("n-1", "crm"));
        claimOne(node1, "n-1"); // then node 1 died

        node1.retire("crm", DELETED);

        Instant later = Instant.now().plusSeconds(120);
        assertThat(node2.claimDue(later, later.minusSeconds(60), 10, callbackName -> true, Set.of())).isEmpty();
        assertThat(node2.find("n-1").orElseThrow().status()).isEqualTo(NotificationStatus.QUEUED);
        assertThat(node2.find("n-1").orElseThrow().lastError()).isEqualTo(DELETED);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void whatIsStoredLaterIsQueuedOnEveryNode(Databases db) throws Exception {
        open(db);
        node1.retire("crm", DELETED);

        node1.store(notification("late", "crm"));

        assertThat(claimAll(node2)).isEmpty();
        assertThat(node2.find("late").orElseThrow().status()).isEqualTo(NotificationStatus.QUEUED);
        assertThat(node2.find("late").orElseThrow().lastError()).isEqualTo(DELETED);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void redeliveryQueuesAgainUntilAnEndpointOfThatNameStartsAgain(Databases db) throws Exception {
        open(db);
        node1.store(notification("n-1", "crm"));
        node1.retire("crm", DELETED);

        assertThat(node1.redeliver(null, "n-1")).containsExactly("n-1");
        assertThat(node1.find("n-1").orElseThrow().status()).as("due").isEqualTo(NotificationStatus.STORED);
        assertThat(claimAll(node2)).as("nobody delivers for it: not claimed and given back forever").isEmpty();
        assertThat(node1.find("n-1").orElseThrow().status()).isEqualTo(NotificationStatus.QUEUED);

        node2.revive("crm"); // its callback endpoint started again
        assertThat(node1.redeliver(null, "n-1")).containsExactly("n-1");
        assertThat(claimAll(node2)).containsExactly("n-1");
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aGoneCallbackOfARetiredCallbackKeepsTheRetirementsReason(Databases db) throws Exception {
        open(db);
        node1.store(notification("n-1", "crm"));
        node1.retire("crm", DELETED);
        node1.markGone("crm");
        node1.redeliver(null, null); // lets a gone callback receive again, not a retired callback

        assertThat(claimAll(node1)).isEmpty();
        assertThat(node1.find("n-1").orElseThrow().lastError()).isEqualTo(DELETED);
    }

    private static Delivery claimOne(JdbcEventStore store, String eventId) {
        List<Delivery> claimed = store.claimDue(Instant.now(), Instant.now().minusSeconds(60), 1, callbackName -> true, Set.of());
        assertThat(claimed).extracting(Delivery::eventId).containsExactly(eventId);
        return claimed.get(0);
    }

    private static List<String> claimAll(JdbcEventStore store) {
        Instant now = Instant.now().plusMillis(1);
        return store.claimDue(now, now.minusSeconds(60), 10, callbackName -> true, Set.of()).stream().map(Delivery::eventId).toList();
    }

    private static AttemptOutcome retry(Delivery delivery) {
        return new AttemptOutcome(delivery, new DeliveryAttempt(0, Instant.now(), 500, "answered HTTP 500", 3),
                NotificationStatus.RETRY_SCHEDULED, Instant.now());
    }

    private static StoredNotification notification(String id, String callbackName) {
        return new StoredNotification(id, "i-" + callbackName, callbackName, false,
                ("{\"message\":{\"eventId\":\"" + id + "\"}}").getBytes(StandardCharsets.UTF_8), 1, Instant.now());
    }
}
