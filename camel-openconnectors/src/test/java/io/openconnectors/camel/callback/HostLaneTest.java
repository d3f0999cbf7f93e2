package io.openconnectors.camel.callback;

import java.time.Duration;
import java.time.Instant;

import io.openconnectors.camel.callback.HostLane.Pending;
import io.openconnectors.camel.callback.OutcomeClassifier.HostSignal;
import io.openconnectors.camel.store.Delivery;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How many deliveries a callback host gets at once: earned by prompt answers, lost to strain, paused when it hangs. */
class HostLaneTest {

    private final HostLane lane = new HostLane(4);
    private final Instant now = Instant.parse("2026-11-29T10:00:00Z");
    private int ids;

    private Pending pending() {
        return new Pending(new Delivery("n-" + ids++, "i-1", "crm", new byte[0], 0, "claim", now), null, now);
    }

    /** Adds deliveries and counts how many the lane starts at once. */
    private int started(int added) {
        int started = 0;
        for (int i = 0; i < added; i++) {
            started += add(now) == null ? 0 : 1;
        }
        return started;
    }

    /** Offers a delivery; returns the one to start now, if any. */
    private Pending add(Instant at) {
        assertThat(lane.offer(pending(), at)).isTrue();
        return lane.next(at);
    }

    @Test
    void aNewHostGetsOneDeliveryAtATimeAndMoreAsItAnswersUpToTheBound() {
        assertThat(started(2)).isEqualTo(1);
        assertThat(lane.finished(HostSignal.KEEPING_UP, now)).as("the waiting one takes the slot").isNotNull();
        assertThat(lane.limit()).isEqualTo(2);
        for (int i = 0; i < 20; i++) {
            add(now);
            lane.finished(HostSignal.KEEPING_UP, now);
        }
        assertThat(lane.limit()).as("never above maxDeliveriesPerHost").isEqualTo(4);
    }

    @Test
    void aStrainedAnswerHalvesTheLimit() {
        grow();
        add(now);
        lane.finished(HostSignal.STRAINED, now);
        assertThat(lane.limit()).isEqualTo(2);
        add(now);
        lane.finished(HostSignal.STRAINED, now);
        add(now);
        lane.finished(HostSignal.STRAINED, now);
        assertThat(lane.limit()).as("never below one").isEqualTo(1);
        assertThat(lane.isPaused(now)).as("it answers: slowed down, not paused").isFalse();
    }

    @Test
    void aHostThatKeepsNotAnsweringIsPausedWithItsRoomAndThenProbedByOneDelivery() {
        grow();
        for (int i = 0; i < HostLane.PAUSE_AFTER - 1; i++) {
            add(now);
            lane.finished(HostSignal.UNREACHABLE, now);
        }
        assertThat(lane.isPaused(now)).isFalse();
        add(now);
        add(now);
        assertThat(lane.finished(HostSignal.UNREACHABLE, now)).as("nothing starts while paused").isNull();

        assertThat(lane.isPaused(now)).isTrue();
        assertThat(lane.room(now)).isZero();
        assertThat(lane.pausedUntil()).isEqualTo(now.plus(HostLane.FIRST_PAUSE));
        assertThat(lane.drop(p -> true)).as("what waits, to be given back until the pause ends").hasSize(1);
        assertThat(lane.offer(pending(), now)).as("a paused lane takes nothing").isFalse();
        assertThat(lane.reserve(now)).as("nor reserves room").isFalse();

        Instant later = lane.pausedUntil();
        assertThat(lane.room(later)).as("one probe").isEqualTo(2);
        assertThat(add(later)).isNotNull();
        assertThat(add(later)).isNull();
        lane.finished(HostSignal.UNREACHABLE, later);
        assertThat(lane.pausedUntil()).as("a failed probe doubles the pause")
                .isEqualTo(later.plus(HostLane.FIRST_PAUSE.multipliedBy(2)));
    }

    @Test
    void pausesNeverExceedThirtySecondsAndAnAnswerEndsTheRun() {
        Instant t = now;
        for (int i = 0; i < 20; i++) {
            add(t);
            lane.finished(HostSignal.UNREACHABLE, t);
            t = t.plus(Duration.ofMinutes(1));
        }
        assertThat(Duration.between(t.minus(Duration.ofMinutes(1)), lane.pausedUntil())).isEqualTo(HostLane.LONGEST_PAUSE);
        add(t);
        lane.finished(HostSignal.NEUTRAL, t); // a 4xx: the host answered
        add(t);
        lane.finished(HostSignal.UNREACHABLE, t);
        assertThat(lane.isPaused(t)).as("the count starts again").isFalse();
    }

    private void grow() {
        for (int i = 0; i < 20; i++) {
            add(now);
            lane.finished(HostSignal.KEEPING_UP, now);
        }
        assertThat(lane.limit()).isEqualTo(4);
    }
}
