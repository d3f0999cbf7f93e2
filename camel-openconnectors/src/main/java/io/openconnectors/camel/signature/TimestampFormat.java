package io.openconnectors.camel.signature;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * How a vendor writes the time it signed a webhook.
 */
public enum TimestampFormat {
    /** Unix seconds, as Stripe, Slack and Standard Webhooks write it. */
    seconds {
        @Override
        Instant parse(String value) {
            return Instant.ofEpochSecond(Long.parseLong(value));
        }
    },
    /** Unix milliseconds, as HubSpot writes it. */
    milliseconds {
        @Override
        Instant parse(String value) {
            return Instant.ofEpochMilli(Long.parseLong(value));
        }
    },
    /** An ISO-8601 date-time with its offset, as Zendesk writes it ({@code 2026-12-05T10:15:30Z}). */
    iso8601 {
        @Override
        Instant parse(String value) {
            return OffsetDateTime.parse(value).toInstant();
        }
    };

    /**
     * @throws NumberFormatException or {@link DateTimeException} when the value is not written this way
     */
    abstract Instant parse(String value);
}
