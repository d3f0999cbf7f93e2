package io.openconnectors.camel.record;

import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/**
 * A user's date pattern, read the way Open Connectors reads it: {@link SimpleDateFormat} letters ({@code u} is the
 * day number, {@code Z} an RFC 822 offset, {@code 'T'} a quoted literal), in a given zone. Safe to share between
 * threads.
 * <p>
 * {@code DateTimeFormatter} is not used on purpose: it reads several letters differently, and users copy their
 * patterns from the original product.
 */
public final class DatePattern {

    private final String pattern;
    private final ThreadLocal<SimpleDateFormat> formats;

    /**
     * @throws IllegalArgumentException when the pattern has an unknown letter or an unclosed quote
     */
    public DatePattern(String pattern, ZoneId zone) {
        SimpleDateFormat prototype = new SimpleDateFormat(pattern, Locale.ROOT);
        prototype.setTimeZone(TimeZone.getTimeZone(zone));
        prototype.setLenient(false);
        this.pattern = pattern;
        this.formats = ThreadLocal.withInitial(() -> (SimpleDateFormat) prototype.clone());
    }

    public String format(Instant instant) {
        return formats.get().format(Date.from(instant));
    }

    /**
     * @throws IllegalArgumentException when the text does not match the whole pattern
     */
    public Instant parse(String text) {
        ParsePosition position = new ParsePosition(0);
        Date date = formats.get().parse(text, position);
        if (date == null || position.getIndex() != text.length()) {
            throw new IllegalArgumentException("does not match the pattern " + pattern);
        }
        return date.toInstant();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
