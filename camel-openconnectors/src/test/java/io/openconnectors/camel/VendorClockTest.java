package io.openconnectors.camel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.poll.PollConsumer;
import io.openconnectors.camel.test.LogCapture;
import org.apache.camel.spi.StateRepository;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Polling on the vendor's clock: whatever the vendor's time says against this machine's, whenever a change becomes
 * visible within the overlap, however pages shift while they are read and however large a burst, every change is
 * delivered, and none twice under a new id.
 */
class VendorClockTest extends PollTestSupport {

    private static final String OFFSET_PATH = "/offset/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'";

    @Test
    void aVendorWhoseClockIsAnHourBehindLosesNothing() throws Exception {
        everyChangeArrivesWithTheVendorClockAt(Duration.ofHours(-1));
    }

    @Test
    void aVendorWhoseClockIsAnHourAheadLosesNothing() throws Exception {
        everyChangeArrivesWithTheVendorClockAt(Duration.ofHours(1));
    }

    private void everyChangeArrivesWithTheVendorClockAt(Duration offset) throws Exception {
        vendor.clockOffset(offset);
        Instant before = vendor.vendorNow().minusSeconds(60);
        vendor.put("old-1", "existed before the first poll", before, before);
        startRoute("skewed", pollUri(HUB_PATH, ""));
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 2);

        for (int i = 0; i < 24; i++) {
            vendor.putNow("c-" + i, "Contact " + i);
        }

        await().atMost(20, SECONDS).until(() -> objectIds().size() == 24);
        assertEveryChangeOnce(24);
        assertThat(objectIds()).doesNotContain("old-1");
        PollConsumer consumer = (PollConsumer) context.getRoute("skewed").getConsumer();
        assertThat(consumer.vendorClockSkew()).isCloseTo(offset, Duration.ofSeconds(2));
    }

    @Test
    void aDriftingVendorClockLosesNothingAndItsSkewIsWarnedOnceEachWay() throws Exception {
        vendor.clockOffset(Duration.ZERO);
        try (LogCapture logs = LogCapture.capture()) {
            startRoute("drifting", pollUri(HUB_PATH, ""));
            await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 2);
            int changes = 0;
            // the vendor's clock slows down until it is 6 s behind, runs fast until it is 6 s ahead, then slows back
            double[] rates = { 0.2, 3, 0.2 };
            long[] targets = { -6, 6, 0 };
            for (int phase = 0; phase < rates.length; phase++) {
                vendor.clockRate(rates[phase]);
                Duration target = Duration.ofSeconds(targets[phase]);
                boolean slowing = rates[phase] < 1;
                while (slowing ? skew().compareTo(target) > 0 : skew().compareTo(target) < 0) {
                    int requests = vendor.requests().size();
                    vendor.putNow("c-" + changes++, "Contact");
                    await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requests + 2);
                }
            }
            int expected = changes;
            await().atMost(20, SECONDS).until(() -> objectIds().size() == expected);
            assertEveryChangeOnce(expected);
            assertThat(logs.containing("ms behind this machine's; polling follows the vendor's clock")).hasSize(1);
            assertThat(logs.containing("ms ahead of this machine's; polling follows the vendor's clock")).hasSize(1);
            assertThat(logs.containing("the vendor's clock is within 5 s of this machine's again")).hasSize(2);
        }
    }

    private Duration skew() {
        return Duration.between(Instant.now(), vendor.vendorNow());
    }

    @Test
    void changesThatShowUpLateWithTheirOriginalTimestampArriveWhenTheOverlapCoversTheDelay() throws Exception {
        vendor.clockOffset(Duration.ZERO);
        startRoute("late", pollUri(HUB_PATH, "windowOverlap=40"));
        vendor.putNow("c-0", "on time");
        await().atMost(10, SECONDS).until(() -> objectIds().size() == 1);

        // visible only now, stamped 30 s ago: a search index or a replica that lags
        Instant stamped = vendor.vendorNow().minusSeconds(30);
        for (int i = 1; i <= 5; i++) {
            vendor.put("c-" + i, "late", stamped, stamped);
        }

        await().atMost(10, SECONDS).until(() -> objectIds().size() == 6);
        assertEveryChangeOnce(6);
    }

    @Test
    void aRecordChangedWhileItsPageWasReadDoesNotHideItsNeighbour() throws Exception {
        vendor.clockOffset(Duration.ZERO);
        Instant stamped = vendor.vendorNow().minusSeconds(60);
        for (int i = 0; i < 30; i++) {
            vendor.put(String.format("c-%02d", i), "Contact " + i, stamped.plusSeconds(i), stamped.plusSeconds(i));
        }
        // right after page 1 is served, its third record changes and moves to the end: every later record moves up one
        vendor.onceAfterFirstPage(() -> vendor.putNow("c-02", "changed while paging"));

        startRoute("shifting", pollUri(OFFSET_PATH, "paging=offset&pageSize=10&backfillFrom=" + stamped.minusSeconds(1)));

        await().atMost(20, SECONDS).until(() -> objectIds().size() == 30);
        await().atMost(10, SECONDS).until(() -> changesOf("c-02") == 2);
        assertEveryChangeOnce(31);
    }

    @Test
    void aBurstTenTimesWhatOnePollReadsDrainsOldestFirst() throws Exception {
        burstDrains(false);
    }

    @Test
    void aBurstTenTimesWhatOnePollReadsDrainsNewestFirstToo() throws Exception {
        burstDrains(true);
    }

    private void burstDrains(boolean newestFirst) throws Exception {
        vendor.clockOffset(Duration.ZERO);
        if (newestFirst) {
            vendor.newestFirst();
        }
        startRoute("burst", pollUri(OFFSET_PATH, "paging=offset&pageSize=10&maxPages=2"));
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= 1);
        Instant stamped = vendor.vendorNow();
        for (int i = 0; i < 200; i++) {
            // a bulk import: a few records share each second
            vendor.put(String.format("c-%03d", i), "Contact " + i, stamped.plusMillis(i * 100L), stamped.plusMillis(i * 100L));
        }

        int before = vendor.requests().size();
        await().atMost(30, SECONDS).until(() -> objectIds().size() == 200);
        // each page about once: the polls read on where the last one stopped, not from the window's start again
        assertThat(vendor.requests().size() - before).isLessThanOrEqualTo(40);
        int requests = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requests + 3);
        assertEveryChangeOnce(200);
    }

    @Test
    void aRecordStampedFarInTheFutureIsDeliveredOnceAndLaterChangesStillArrive() throws Exception {
        vendor.clockOffset(Duration.ZERO);
        startRoute("future", pollUri(HUB_PATH, ""));
        Instant future = Instant.parse("2099-01-01T00:00:00Z");
        vendor.put("bad-date", "bad vendor data", future, future);
        await().atMost(10, SECONDS).until(() -> objectIds().contains("bad-date"));

        vendor.putNow("c-1", "after the bad one");
        await().atMost(10, SECONDS).until(() -> objectIds().contains("c-1"));
        int requests = vendor.requests().size();
        await().atMost(10, SECONDS).until(() -> vendor.requests().size() >= requests + 3);

        assertEveryChangeOnce(2);
        assertThat(window()).doesNotContain("2099");
    }

    @Test
    void aWindowSavedByAnEarlierVersionOnThisMachinesClockMovesOntoTheVendorsClock() throws Exception {
        vendor.clockOffset(Duration.ofSeconds(-90));
        StateRepository<String, String> windows = context.getComponent("openconnectors", OpenConnectorsComponent.class)
                .defaultStateRepository();
        windows.setState("openconnectors.poll.t1.contacts", "{\"start\":\"" + Instant.now() + "\",\"edge\":[]}");
        startRoute("upgraded", pollUri(HUB_PATH, ""));
        for (int i = 0; i < 24; i++) {
            vendor.putNow("c-" + i, "Contact " + i);
        }

        await().atMost(20, SECONDS).until(() -> objectIds().size() == 24);
        assertEveryChangeOnce(24);
        assertThat(window()).contains("\"vendorClock\":true");
    }

    private String window() {
        return context.getComponent("openconnectors", OpenConnectorsComponent.class).defaultStateRepository()
                .getState("openconnectors.poll.t1.contacts");
    }

    private List<ChangeEvent> events() {
        List<ChangeEvent> events = new ArrayList<>();
        callback.accepted().forEach(n -> events.addAll(n.events()));
        return events;
    }

    private java.util.Set<String> objectIds() {
        return events().stream().map(ChangeEvent::objectId).collect(Collectors.toSet());
    }

    private long changesOf(String id) {
        return events().stream().filter(e -> e.objectId().equals(id)).count();
    }

    /** {@code changes} events in all, each change (id and date) once, and each notification id once. */
    private void assertEveryChangeOnce(int changes) {
        List<ChangeEvent> events = events();
        Map<String, Long> perChange = events.stream().collect(Collectors.groupingBy(e -> e.objectId() + "@" + e.date(),
                Collectors.counting()));
        assertThat(perChange.values()).as("each change once: %s", perChange).containsOnly(1L);
        assertThat(events).hasSize(changes);
        assertThat(callback.accepted().stream().map(EventNotification::eventId).collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting())).values()).containsOnly(1L);
    }
}
