package io.openconnectors.camel.poll;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.camel.support.processor.state.MemoryStateRepository;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys that cover a window's overlap, however large: their size, and their round trip through a saved window,
 * also from the format earlier versions wrote.
 */
class EdgeKeysTest {

    /** An overlap of 10 minutes at 100 changes a second. */
    private static final int TEN_MINUTES_AT_100_PER_SECOND = 600 * 100;

    @Test
    void sixtyThousandKeysCost480KilobytesInMemoryAnd640Saved() {
        long[] keys = new SplittableRandom(42).longs(TEN_MINUTES_AT_100_PER_SECOND).toArray();

        EdgeKeys edge = EdgeKeys.of(keys, keys.length);
        String saved = edge.encode();

        assertThat(edge.size()).isEqualTo(60_000);
        assertThat(saved.length()).isEqualTo(640_000); // Base64 of 8 bytes a key
        EdgeKeys read = EdgeKeys.decode(saved);
        assertThat(read.size()).isEqualTo(60_000);
        for (long key : keys) {
            assertThat(read.contains(key)).isTrue();
        }
        assertThat(read.contains(keys[0] + 1)).isFalse();
    }

    @Test
    void aWindowRoundTripsWithItsSweepAndAnEarlierVersionsWindowReadsAsThisMachinesClock() {
        MemoryStateRepository repository = new MemoryStateRepository();
        PollWindowStore store = new PollWindowStore(repository, "crm-1", "contacts");
        long[] keys = { 7, -3, 42 };
        PollWindow window = new PollWindow(Instant.parse("2026-11-28T07:00:00Z"), true, EdgeKeys.of(keys, 3),
                new PollWindow.Sweep("http://crm.example/c?offset=20", Instant.parse("2026-11-28T07:00:05Z"), null, true));

        store.save(window);
        PollWindow read = store.load().orElseThrow();

        assertThat(read.cursor()).isEqualTo(window.cursor());
        assertThat(read.vendorClock()).isTrue();
        assertThat(read.sweep()).isEqualTo(window.sweep());
        assertThat(List.of(read.edge().contains(7), read.edge().contains(-3), read.edge().contains(42), read.edge().contains(8)))
                .containsExactly(true, true, true, false);

        repository.setState("openconnectors.poll.crm-1.contacts",
                "{\"start\":\"2026-11-28T07:00:00Z\",\"edge\":[\"000000000000002a\",\"fffffffffffffffd\"]}");
        PollWindow legacy = store.load().orElseThrow();
        assertThat(legacy.cursor()).isEqualTo(Instant.parse("2026-11-28T07:00:00Z"));
        assertThat(legacy.vendorClock()).isFalse();
        assertThat(legacy.edge().contains(42)).isTrue();
        assertThat(legacy.edge().contains(-3)).isTrue();
        assertThat(legacy.sweep()).isNull();
    }
}
