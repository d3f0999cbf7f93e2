package io.openconnectors.camel.http;

import java.time.Duration;
import java.time.Instant;

import org.apache.hc.client5.http.utils.DateUtils;

/**
 * Reads a {@code Retry-After} header: delay seconds or an HTTP date (RFC 9110 section 10.2.3).
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** How long to wait from {@code now}; {@code null} when the header is absent or unreadable. */
    public static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            long seconds = Long.parseLong(text);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            Instant at = DateUtils.parseStandardDate(text);
            if (at == null) {
                return null;
            }
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        }
    }
}
