package io.openconnectors.camel.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.openconnectors.camel.store.NotificationHistory;
import io.openconnectors.camel.test.HistoryStub;
import io.openconnectors.camel.test.LogCapture;
import io.openconnectors.camel.test.MovingClock;
import org.apache.camel.health.HealthCheck;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A failing callback host is told once a minute, with counts and the last answer, and is DOWN after a set time. */
class CallbackFailuresTest {

    private static final String HOST = "https://hooks.example.com:443";

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final CallbackFailures failures = new CallbackFailures(clock);

    @Test
    void aFailingHostIsToldOnceAMinuteWithItsCountsAndOnceWhenItAnswersAgain() {
        try (LogCapture logs = LogCapture.capture(Level.INFO)) {
            failures.failed(HOST, "HTTP 503");
            for (int i = 0; i < 9; i++) {
                clock.advance(Duration.ofSeconds(5));
                failures.failed(HOST, "HTTP 503");
            }
            clock.advance(Duration.ofSeconds(15));
            failures.failed(HOST, "not reached: ConnectException Connection refused");
            failures.succeeded(HOST);
            failures.succeeded(HOST);

            assertThat(logs.containing(HOST)).extracting(LogCapture.Line::level, LogCapture.Line::message).containsExactly(
                    tuple(Level.WARN, "Callback host " + HOST + " is failing: 1 attempts failed"
                                                                    + " since 2026-12-05T10:00:00Z (1 since the last report),"
                                                                    + " the last with HTTP 503; notifications are retried on"
                                                                    + " their schedule"),
                    tuple(Level.WARN, "Callback host " + HOST + " is failing: 11 attempts"
                                                                    + " failed since 2026-12-05T10:00:00Z (10 since the last"
                                                                    + " report), the last with not reached: ConnectException"
                                                                    + " Connection refused; notifications are retried on their"
                                                                    + " schedule"),
                    tuple(Level.INFO, "Callback host " + HOST + " answers again, after 11"
                                                                    + " failed attempts over 60 s"));
            assertThat(logs.lines()).allSatisfy(line -> assertThat(line.thrown()).isNull());
        }
        assertThat(failures.failing(HOST)).isEmpty();
    }

    @Test
    void aHostThatFailsAndRecoversOverAndOverIsToldOnceAMinute() {
        try (LogCapture logs = LogCapture.capture(Level.INFO)) {
            for (int i = 0; i < 20; i++) {
                failures.failed(HOST, "HTTP 502");
                clock.advance(Duration.ofSeconds(1));
                failures.succeeded(HOST);
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(logs.containing(HOST)).extracting(LogCapture.Line::level).containsExactly(Level.WARN, Level.INFO);
        }
        assertThat(failures.failing(HOST)).isEmpty();
    }

    @Test
    void aFailingHostThatNothingTriesForAnHourIsForgotten() {
        failures.failed(HOST, "HTTP 503");
        clock.advance(Duration.ofMinutes(59));
        assertThat(failures.failing(HOST)).isPresent();
        clock.advance(Duration.ofMinutes(2));
        assertThat(failures.failing(HOST)).isEmpty();
        assertThat(failures.all()).isEmpty();
    }

    @Test
    void theCallbacksCheckIsDownOnlyOnceAHostHasFailedLongerThanTheSetTime() {
        CallbackHealthCheck check = new CallbackHealthCheck(failures, Duration.ofMinutes(5), null, 0, clock);
        failures.failed(HOST, "HTTP 503");
        clock.advance(Duration.ofMinutes(4));
        failures.failed(HOST, "HTTP 502");

        HealthCheck.Result early = check.call(Map.of());
        clock.advance(Duration.ofMinutes(2));
        HealthCheck.Result late = check.call(Map.of());
        failures.succeeded(HOST);
        HealthCheck.Result mended = check.call(Map.of());

        assertThat(early.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(early.getDetails()).containsEntry("failing." + HOST,
                "callback " + HOST + " has failed for 240 s (2 attempts; last: HTTP 502)");
        assertThat(late.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(late.getMessage()).contains("callback " + HOST + " has failed for 360 s (2 attempts; last: HTTP 502)");
        assertThat(mended.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(check.isLiveness()).isFalse();
    }

    @Test
    void theCallbacksCheckIsDownWhileAnInstancesBacklogPassesTheBoundReadAtMostEveryTenSeconds() {
        Map<String, Long> backlog = new HashMap<>(Map.of("7", 50L));
        NotificationHistory store = new HistoryStub() {
            @Override
            public Map<String, Long> backlogByInstance() {
                return backlog;
            }
        };
        CallbackHealthCheck check = new CallbackHealthCheck(failures, Duration.ofMinutes(5),
                new InstanceBacklogs(store, clock), 100, clock);

        HealthCheck.Result under = check.call(Map.of());
        backlog.put("7", 150L);
        HealthCheck.Result cached = check.call(Map.of());
        clock.advance(Duration.ofSeconds(11));
        HealthCheck.Result over = check.call(Map.of());

        assertThat(under.getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(cached.getState()).as("read again only after ten seconds").isEqualTo(HealthCheck.State.UP);
        assertThat(over.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(over.getMessage()).contains(
                "instance 7 has 150 notifications waiting for delivery, more than 100 (backlogDownAbove)");
    }
}
