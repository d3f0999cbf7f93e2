package io.openconnectors.camel.callback;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

import io.openconnectors.camel.store.NotificationStatus;

/**
 * What one delivery attempt means, as a function of its answer alone: where the notification goes next, and what the
 * answer says about the callback's host. No I/O and no clock of its own, so that every rule is tested on its own.
 * <ul>
 * <li>2xx: notified; the host keeps up.</li>
 * <li>410 Gone: queued, and the callback receives nothing more until a redelivery.</li>
 * <li>Anything else: retried on the schedule (never before a {@code Retry-After}), queued after the last retry.</li>
 * </ul>
 * 429 and 5xx say the host is strained, no answer at all (a timeout, a refused connection) that it is unreachable;
 * another 4xx is the notification's or the subscriber's problem, not the host's.
 */
final class OutcomeClassifier {

    /** What an answer says about the callback host, for its lane's concurrency (see {@link HostLane}). */
    enum HostSignal {
        KEEPING_UP,
        STRAINED,
        UNREACHABLE,
        NEUTRAL,
        /** Nothing was sent (a failure on this side, or a claim given back unsent): says nothing about the host. */
        NONE
    }

    /**
     * The callback's answer to one attempt.
     *
     * @param status     the HTTP status, 0 when no answer came, -1 when the notification could not be sent at all
     *                   (a failure on this side, not the host's)
     * @param retryAfter how long the callback asked to be left alone ({@code Retry-After}), or {@code null}
     */
    record Answer(int status, Duration retryAfter) {

        static final Answer UNSENT = new Answer(-1, null);

        static Answer of(CallbackFailedException failure) {
            return new Answer(failure.getStatus(), failure.getRetryAfter());
        }
    }

    /**
     * Where the notification goes.
     *
     * @param next          {@code NOTIFIED}, {@code RETRY_SCHEDULED} or {@code QUEUED}
     * @param nextAttemptAt when the retry is due, for {@code RETRY_SCHEDULED}
     * @param gone          the callback answered 410: what else is pending for it is queued too
     * @param host          what the answer says about the host
     */
    record Verdict(NotificationStatus next, Instant nextAttemptAt, boolean gone, HostSignal host) {
    }

    private final RetrySchedule schedule;

    OutcomeClassifier(RetrySchedule schedule) {
        this.schedule = schedule;
    }

    /**
     * @param attempt 1 for the first attempt
     * @param at      when the attempt ended: retries are scheduled from there
     * @param random  numbers in [0, 1), for the retry's jitter
     */
    Verdict classify(int attempt, Answer answer, Instant at, DoubleSupplier random) {
        int status = answer.status();
        HostSignal host = signal(status);
        if (status >= 200 && status < 300) {
            return new Verdict(NotificationStatus.NOTIFIED, null, false, host);
        }
        if (status == 410) {
            return new Verdict(NotificationStatus.QUEUED, null, true, host);
        }
        if (!schedule.retries(attempt)) {
            return new Verdict(NotificationStatus.QUEUED, null, false, host);
        }
        Duration delay = schedule.delayBefore(attempt, answer.retryAfter(), random);
        return new Verdict(NotificationStatus.RETRY_SCHEDULED, at.plus(delay), false, host);
    }

    private static HostSignal signal(int status) {
        if (status >= 200 && status < 300) {
            return HostSignal.KEEPING_UP;
        }
        if (status < 0) {
            return HostSignal.NONE;
        }
        if (status == 0) {
            return HostSignal.UNREACHABLE;
        }
        return status == 429 || status >= 500 ? HostSignal.STRAINED : HostSignal.NEUTRAL;
    }
}
