package io.openconnectors.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.test.HistoryStub;
import io.openconnectors.camel.test.MovingClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chart's hour: every minute, the current one last; a settled minute is read once, a recent one every time. */
class LastHourOutcomesTest {

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-06T10:30:20Z"));
    private final CountingStore store = new CountingStore();
    private final LastHourOutcomes hour = new LastHourOutcomes(store, clock, Duration.ofSeconds(60));

    @Test
    void anHourHasSixtyMinutesTheCurrentLastAndZerosWhereNothingWasAttempted() {
        store.delivered(Instant.parse("2026-12-06T10:00:10Z"), "7", 3);
        store.delivered(Instant.parse("2026-12-06T09:31:59Z"), "7", 2); // the first minute shown

        List<MinuteOutcomes> minutes = hour.of("7");

        assertThat(minutes).hasSize(60);
        assertThat(minutes.get(0).minute()).isEqualTo(Instant.parse("2026-12-06T09:31:00Z"));
        assertThat(minutes.get(59).minute()).isEqualTo(Instant.parse("2026-12-06T10:30:00Z"));
        assertThat(minutes.get(0).delivered()).isEqualTo(2);
        assertThat(minutes.get(29).delivered()).isEqualTo(3);
        assertThat(minutes.stream().mapToLong(MinuteOutcomes::delivered).sum()).isEqualTo(5);
        assertThat(store.readFrom).containsExactly(Instant.parse("2026-12-06T09:31:00Z"));
    }

    @Test
    void aSettledMinuteIsReadOnceAndARecentOneAtEveryCall() {
        hour.of(null);
        // at 10:30:20, the lease (60 s) and a minute more have passed since 10:27 ended, not since 10:28 ended
        assertThat(store.readFrom).containsExactly(Instant.parse("2026-12-06T09:31:00Z"));

        store.delivered(Instant.parse("2026-12-06T10:27:30Z"), "7", 4); // later than a settled minute allows: not seen
        store.delivered(Instant.parse("2026-12-06T10:28:30Z"), "7", 1); // recorded late, as attempts are
        List<MinuteOutcomes> again = hour.of(null);

        assertThat(store.readFrom).last().isEqualTo(Instant.parse("2026-12-06T10:28:00Z"));
        assertThat(again.get(57).delivered()).isEqualTo(1);
        assertThat(again.get(56).delivered()).as("kept as it was read once settled").isZero();
    }

    @Test
    void theHourMovesOnAndAfterALongPauseIsReadWhole() {
        hour.of("7");
        clock.advance(Duration.ofMinutes(5));
        hour.of("7");
        assertThat(store.readFrom).last().isEqualTo(Instant.parse("2026-12-06T10:28:00Z"));

        clock.advance(Duration.ofHours(2));
        List<MinuteOutcomes> later = hour.of("7");
        assertThat(store.readFrom).last().isEqualTo(later.get(0).minute());
        assertThat(hour.of(null)).as("another key has minutes of its own").hasSize(60);
        assertThat(store.readFrom).last().isEqualTo(later.get(0).minute());
    }

    /** Delivered attempts per instance and minute; remembers where each read began. */
    private static final class CountingStore extends HistoryStub {
        private final Map<String, TreeMap<Instant, Long>> delivered = new TreeMap<>();
        private final List<Instant> readFrom = new ArrayList<>();

        void delivered(Instant at, String instanceId, long count) {
            delivered.computeIfAbsent(instanceId, k -> new TreeMap<>())
                    .merge(at.truncatedTo(ChronoUnit.MINUTES), count, Long::sum);
        }

        @Override
        public List<MinuteOutcomes> outcomesPerMinute(Instant from, String instanceId) {
            readFrom.add(from);
            TreeMap<Instant, Long> sums = new TreeMap<>();
            delivered.forEach((instance, minutes) -> {
                if (instanceId == null || instanceId.equals(instance)) {
                    minutes.tailMap(from).forEach((minute, count) -> sums.merge(minute, count, Long::sum));
                }
            });
            return sums.entrySet().stream().map(e -> new MinuteOutcomes(e.getKey(), e.getValue(), 0, 0)).toList();
        }
    }
}
