package io.openconnectors.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.openconnectors.camel.store.MinuteOutcomes;
import io.openconnectors.camel.store.NotificationHistory;

/**
 * What the delivery attempts of the last hour came to, minute by minute, of one instance or of all, as the console's
 * chart shows it every few seconds. A minute is read from the store until it has settled, and kept from then on, so a
 * refresh reads the last few minutes' attempts, not the hour's.
 * <p>
 * An attempt is recorded when it ends, under the minute it began, and one that outlives its delivery lease is not
 * recorded at all: a minute has settled once the lease and a minute more have passed since its end.
 */
final class LastHourOutcomes {

    static final int MINUTES = 60;
    /** The instances (and "all") whose settled minutes are kept; the least recently asked goes first. */
    private static final int KEPT = 256;
    private static final String ALL = "";

    private final NotificationHistory store;
    private final Clock clock;
    private final Duration settlesAfter;
    private final Map<String, TreeMap<Instant, MinuteOutcomes>> settled = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TreeMap<Instant, MinuteOutcomes>> eldest) {
            return size() > KEPT;
        }
    };

    LastHourOutcomes(NotificationHistory store, Clock clock, Duration deliveryLease) {
        this.store = store;
        this.clock = clock;
        this.settlesAfter = deliveryLease.plusMinutes(1);
    }

    /** 60 minutes, the current one last; minutes without attempts as zeros. */
    List<MinuteOutcomes> of(String instanceId) {
        Instant now = clock.instant();
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        Instant first = current.minus(MINUTES - 1, ChronoUnit.MINUTES);
        // minutes that ended before this have settled
        Instant settledBefore = now.minus(settlesAfter).truncatedTo(ChronoUnit.MINUTES);
        TreeMap<Instant, MinuteOutcomes> kept = kept(instanceId == null ? ALL : instanceId, first);
        Instant readFrom = kept.isEmpty() ? first : max(first, kept.lastKey().plus(1, ChronoUnit.MINUTES));
        Map<Instant, MinuteOutcomes> read = new TreeMap<>();
        store.outcomesPerMinute(readFrom, instanceId).forEach(minute -> read.put(minute.minute(), minute));

        List<MinuteOutcomes> hour = new ArrayList<>(MINUTES);
        TreeMap<Instant, MinuteOutcomes> nowSettled = new TreeMap<>();
        for (Instant minute = first; !minute.isAfter(current); minute = minute.plus(1, ChronoUnit.MINUTES)) {
            MinuteOutcomes outcomes = kept.containsKey(minute) ? kept.get(minute)
                    : read.getOrDefault(minute, new MinuteOutcomes(minute, 0, 0, 0));
            hour.add(outcomes);
            if (minute.isBefore(settledBefore) && !minute.isBefore(readFrom)) {
                nowSettled.put(minute, outcomes);
            }
        }
        keep(instanceId == null ? ALL : instanceId, nowSettled);
        return hour;
    }

    /**
     * The settled minutes kept of the key from {@code first} on. They run without a gap from the first minute of the hour
     * they were read in, which is {@code first} or earlier: what remains after the older ones go starts at {@code first}.
     */
    private synchronized TreeMap<Instant, MinuteOutcomes> kept(String key, Instant first) {
        TreeMap<Instant, MinuteOutcomes> minutes = settled.get(key);
        if (minutes == null) {
            return new TreeMap<>();
        }
        minutes.headMap(first).clear();
        return new TreeMap<>(minutes);
    }

    private synchronized void keep(String key, TreeMap<Instant, MinuteOutcomes> minutes) {
        if (!minutes.isEmpty()) {
            settled.computeIfAbsent(key, k -> new TreeMap<>()).putAll(minutes);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
