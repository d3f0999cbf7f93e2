package io.openconnectors.camel.store;

import java.time.Instant;

/**
 * One try to deliver a notification.
 *
 * @param number         1 for the first attempt; assigned by the store when recorded
 * @param at             when it started
 * @param httpStatus     the callback's answer, 0 when none came
 * @param error          why it failed, {@code null} when it succeeded
 * @param durationMillis how long it took
 */
public record DeliveryAttempt(int number, Instant at, int httpStatus, String error, long durationMillis) {
}
