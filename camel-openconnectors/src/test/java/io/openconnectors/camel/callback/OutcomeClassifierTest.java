package io.openconnectors.camel.callback;

import java.time.Duration;
import java.time.Instant;

import io.openconnectors.camel.callback.OutcomeClassifier.Answer;
import io.openconnectors.camel.callback.OutcomeClassifier.HostSignal;
import io.openconnectors.camel.callback.OutcomeClassifier.Verdict;
import io.openconnectors.camel.store.NotificationStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rule of what an attempt's answer means, without a server: status, attempt number and Retry-After in, verdict out. */
class OutcomeClassifierTest {

    /** Open Connectors' schedule without jitter: retry x waits 2^(3x) s, five retries. */
    private final OutcomeClassifier classifier = new OutcomeClassifier(
            new RetrySchedule(5, 2, 3, Duration.ofSeconds(1), Duration.ofHours(12), 0));
    private final Instant at = Instant.parse("2026-11-29T10:00:00Z");

    private Verdict classify(int attempt, int status, Duration retryAfter) {
        return classifier.classify(attempt, new Answer(status, retryAfter), at, () -> 0.5);
    }

    @ParameterizedTest
    @CsvSource({ "200", "201", "202", "204", "299" })
    void aTwoHundredAnswerNotifiesAndSaysTheHostKeepsUp(int status) {
        assertThat(classify(1, status, null)).isEqualTo(new Verdict(NotificationStatus.NOTIFIED, null, false,
                HostSignal.KEEPING_UP));
    }

    @Test
    void goneQueuesAndMarksTheCallbackGoneAtAnyAttempt() {
        assertThat(classify(1, 410, null)).isEqualTo(new Verdict(NotificationStatus.QUEUED, null, true, HostSignal.NEUTRAL));
        assertThat(classify(6, 410, null).gone()).isTrue();
    }

    @Test
    void aFailureIsRetriedOnTheScheduleFromWhenTheAttemptEnded() {
        assertThat(classify(1, 500, null)).isEqualTo(new Verdict(NotificationStatus.RETRY_SCHEDULED, at.plusSeconds(8), false,
                HostSignal.STRAINED));
        assertThat(classify(2, 503, null).nextAttemptAt()).isEqualTo(at.plusSeconds(64));
        assertThat(classify(5, 500, null).nextAttemptAt()).isEqualTo(at.plusSeconds(32_768));
    }

    @Test
    void theAttemptAfterTheLastRetryIsQueued() {
        assertThat(classify(5, 500, null).next()).isEqualTo(NotificationStatus.RETRY_SCHEDULED);
        assertThat(classify(6, 500, null)).isEqualTo(new Verdict(NotificationStatus.QUEUED, null, false, HostSignal.STRAINED));
    }

    @Test
    void retryAfterIsHonouredButNeverMakesTheRetryEarlier() {
        assertThat(classify(1, 429, Duration.ofSeconds(120)).nextAttemptAt()).isEqualTo(at.plusSeconds(120));
        assertThat(classify(1, 503, Duration.ofSeconds(2)).nextAttemptAt()).isEqualTo(at.plusSeconds(8));
    }

    @ParameterizedTest
    @CsvSource({
            "0,   UNREACHABLE", // a timeout, a refused connection
            "429, STRAINED",
            "500, STRAINED",
            "503, STRAINED",
            "400, NEUTRAL",   // the notification or the subscriber is at fault, not the host
            "401, NEUTRAL",
            "404, NEUTRAL",
            "302, NEUTRAL",
            "-1,  NONE" }) // never sent: a failure on this side
    void whatAFailedAnswerSaysAboutTheHost(int status, HostSignal signal) {
        Verdict verdict = classify(1, status, null);
        assertThat(verdict.host()).isEqualTo(signal);
        assertThat(verdict.next()).isEqualTo(NotificationStatus.RETRY_SCHEDULED);
    }
}
