package io.openconnectors.camel.store;

import java.time.Instant;

/**
 * What the delivery attempts of one minute came to, counted as the {@code openconnectors.notifications} meter counts
 * them.
 *
 * @param minute    the minute's start
 * @param delivered attempts the callback answered 2xx
 * @param retried   failed attempts after which the notification was tried again, or waits to be
 * @param queued    failed attempts after which the notification was given up and waits for a redelivery
 */
public record MinuteOutcomes(Instant minute, long delivered, long retried, long queued) {
}
