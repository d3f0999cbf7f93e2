package io.openconnectors.camel;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.openconnectors.camel.store.AttemptOutcome;
import io.openconnectors.camel.store.Delivery;
import io.openconnectors.camel.store.EventStore;
import io.openconnectors.camel.store.EventStoreException;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.HistoryFilter;
import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.store.NotificationRecord;
import io.openconnectors.camel.store.NotificationStatus;
import io.openconnectors.camel.store.StoredNotification;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.Databases;
import io.openconnectors.camel.test.VendorStub;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With an event store, a poll's notifications and its window commit together: a callback outage does not hold the
 * window back (the changes are stored), and a store failure halfway through a poll leaves neither notifications nor a
 * moved window.
 */
class DurablePollTest {

    @TempDir
    Path folder;

    private final VendorStub vendor = new VendorStub();
    private final CallbackReceiver receiver = new CallbackReceiver();
    private DataSource dataSource;
    private Databases database;
    private DefaultCamelContext camel;

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.close();
        }
        vendor.close();
        receiver.close();
        database.drop(dataSource);
    }

    private void start(EventStore store) throws Exception {
        camel = new DefaultCamelContext();
        OpenConnectorsComponent component = new OpenConnectorsComponent();
        component.setEventStore(store);
        component.setRetryUnit(1);
        camel.addComponent("openconnectors", component);
        String from = "openconnectors:poll:contacts?instanceId=d1&url=RAW(" + vendor.baseUrl()
                      + "/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}')"
                      + "&updatedDateField=_info.lastUpdated&delay=100&initialDelay=0&maxEventsPerNotification=1";
        String to = "openconnectors:callback:d1?callbackUrl=" + receiver.url();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).to(to);
            }
        });
        camel.start();
    }

    private JdbcEventStore jdbcStore(Databases db) throws Exception {
        database = db;
        dataSource = db.create(folder);
        JdbcEventStore store = new JdbcEventStore(dataSource);
        store.migrate();
        return store;
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aCallbackOutageDoesNotHoldTheWindowBack(Databases db) throws Exception {
        JdbcEventStore store = jdbcStore(db);
        receiver.failNext(503, 503, 503); // delivered at the third retry, 8 + 64 + 512 ms later
        start(store);
        vendor.put("c-1", "Ada", Instant.now(), Instant.now());

        await().atMost(10, SECONDS).until(() -> !store.listByInstance("d1", 0, 10).isEmpty());
        String windowAfterStore = store.stateRepository().getState("openconnectors.poll.d1.contacts");
        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 1);

        assertThat(windowAfterStore).as("saved in the same database").contains("\"cursor\"");
        assertThat(receiver.deliveries()).hasSizeGreaterThan(1);
        await().atMost(10, SECONDS).until(() -> store.listByInstance("d1", 0, 10).get(0).status() == NotificationStatus.NOTIFIED);
        assertThat(store.listByInstance("d1", 0, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Databases.class)
    void aStoreFailureHalfwayThroughAPollLeavesNoNotificationAndNoMovedWindow(Databases db) throws Exception {
        JdbcEventStore jdbc = jdbcStore(db);
        FailingOnce store = new FailingOnce(jdbc);
        Instant stamp = Instant.now();
        vendor.put("c-1", "Ada", stamp, stamp);
        vendor.put("c-2", "Grace", stamp, stamp);
        jdbc.stateRepository().setState("openconnectors.poll.d1.contacts",
                "{\"start\":\"" + stamp.minusSeconds(60) + "\",\"edge\":[]}");

        start(store);

        await().atMost(10, SECONDS).until(() -> receiver.accepted().size() == 2);
        assertThat(store.failedAt).as("the second notification of the first poll failed to store").isEqualTo(2);
        assertThat(jdbc.listByInstance("d1", 0, 10)).hasSize(2); // once each, although the first was stored twice
        assertThat(vendor.requests().get(1).query().get("where")).as("the first poll's window did not move")
                .isEqualTo(vendor.requests().get(0).query().get("where"));
    }

    /** The store, failing on the second notification it is asked to store. */
    private static final class FailingOnce implements EventStore {
        private final JdbcEventStore delegate;
        private final AtomicInteger calls = new AtomicInteger();
        private volatile int failedAt;

        FailingOnce(JdbcEventStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableFuture<Boolean> store(StoredNotification notification) {
            int call = calls.incrementAndGet();
            if (call == 2) {
                failedAt = call;
                throw new EventStoreException("the database went away", null);
            }
            return delegate.store(notification);
        }

        @Override
        public void addStoredListener(Runnable listener) {
            delegate.addStoredListener(listener);
        }

        @Override
        public void removeStoredListener(Runnable listener) {
            delegate.removeStoredListener(listener);
        }

        @Override
        public <T> T inTransaction(Callable<T> work) throws Exception {
            return delegate.inTransaction(work);
        }

        @Override
        public StateRepository<String, String> stateRepository() {
            return delegate.stateRepository();
        }

        @Override
        public List<Delivery> claimDue(Instant now, Instant staleBefore, int limit, Predicate<String> takesCallback,
                                       Set<String> skipped) {
            return delegate.claimDue(now, staleBefore, limit, takesCallback, skipped);
        }

        @Override
        public void release(Delivery delivery, Instant dueAt) {
            delegate.release(delivery, dueAt);
        }

        @Override
        public List<Boolean> recordAttempts(List<AttemptOutcome> outcomes) {
            return delegate.recordAttempts(outcomes);
        }

        @Override
        public int retire(String callbackName, String reason) {
            return delegate.retire(callbackName, reason);
        }

        @Override
        public int markGone(String callbackName) {
            return delegate.markGone(callbackName);
        }

        @Override
        public void revive(String callbackName) {
            delegate.revive(callbackName);
        }

        @Override
        public int purgeNotified(Instant before) {
            return delegate.purgeNotified(before);
        }

        @Override
        public Optional<NotificationRecord> find(String eventId) {
            return delegate.find(eventId);
        }

        @Override
        public List<NotificationRecord> listByInstance(String instanceId, long offset, int limit) {
            return delegate.listByInstance(instanceId, offset, limit);
        }

        @Override
        public List<NotificationRecord> listByStatus(Set<NotificationStatus> statuses, String instanceId, int limit) {
            return delegate.listByStatus(statuses, instanceId, limit);
        }

        @Override
        public List<String> redeliver(String instanceId, String eventId) {
            return delegate.redeliver(instanceId, eventId);
        }

        @Override
        public Map<NotificationStatus, Long> countByStatus() {
            return delegate.countByStatus();
        }

        @Override
        public Map<String, Long> backlogByInstance() {
            return delegate.backlogByInstance();
        }

        @Override
        public List<NotificationRecord> search(HistoryFilter filter, int limit) {
            return delegate.search(filter, limit);
        }

        @Override
        public List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId) {
            return delegate.outcomesPerMinute(from, instanceId);
        }
    }
}
