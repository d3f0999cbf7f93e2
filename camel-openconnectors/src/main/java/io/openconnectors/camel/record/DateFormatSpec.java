package io.openconnectors.camel.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How a record's date field is written, from the {@code *DateFormat} and {@code *DateTimezone} settings:
 * <ul>
 * <li>{@code milliseconds}: epoch milliseconds, as a JSON number or a numeric string;</li>
 * <li>{@code seconds}: epoch seconds, the same way;</li>
 * <li>{@code iso8601} (the default when no format is set): ISO-8601 with {@code Z} or an offset, or a local
 * date-time read in the field's zone;</li>
 * <li>anything else: a Java date pattern such as {@code yyyy-MM-dd'T'HH:mm:ss'Z'}, read in the field's zone (GMT when
 * none is set).</li>
 * </ul>
 */
public abstract sealed class DateFormatSpec {

    public static final String MILLISECONDS = "milliseconds";
    public static final String SECONDS = "seconds";
    public static final String ISO8601 = "iso8601";

    /**
     * @param  format                   the format setting, may be {@code null}
     * @param  zone                     the time zone setting, may be {@code null} (GMT)
     * @throws IllegalArgumentException naming what is wrong when the pattern or the zone is invalid
     */
    public static DateFormatSpec of(String format, String zone) {
        ZoneId zoneId = parseZone(zone);
        if (format == null || format.isBlank() || ISO8601.equalsIgnoreCase(format) || "ISO-8601".equalsIgnoreCase(format)) {
            return new Iso(zoneId);
        }
        if (MILLISECONDS.equalsIgnoreCase(format)) {
            return new Epoch(format, 1);
        }
        if (SECONDS.equalsIgnoreCase(format)) {
            return new Epoch(format, 1000);
        }
        try {
            return new Pattern(new DatePattern(format, zoneId));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + format + "' is not a date pattern: " + e.getMessage(), e);
        }
    }

    /**
     * @throws IllegalArgumentException naming the zone when it is not one; GMT when blank
     */
    public static ZoneId parseZone(String zone) {
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone.trim(), ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + zone + "' is not a time zone", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the value cannot be read in this format
     */
    public abstract Instant parse(JsonNode value);

    private static final class Epoch extends DateFormatSpec {
        private final String name;
        private final long millisPerUnit;

        Epoch(String name, long millisPerUnit) {
            this.name = name;
            this.millisPerUnit = millisPerUnit;
        }

        @Override
        public Instant parse(JsonNode value) {
            long units;
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                units = value.longValue();
            } else if (value.isTextual() && !value.textValue().isBlank()) {
                try {
                    units = Long.parseLong(value.textValue().trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is not a whole number of " + name);
                }
            } else {
                throw new IllegalArgumentException("is not a whole number of " + name);
            }
            try {
                return Instant.ofEpochMilli(Math.multiplyExact(units, millisPerUnit));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("is too large for " + name);
            }
        }
    }

    private static final class Iso extends DateFormatSpec {
        private final ZoneId zone;

        Iso(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public Instant parse(JsonNode value) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException("is not an ISO-8601 text");
            }
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.withLocale(Locale.ROOT)
                        .parseBest(value.textValue().trim(), java.time.OffsetDateTime::from, LocalDateTime::from);
                return parsed instanceof LocalDateTime local
                        ? local.atZone(zone).toInstant()
                        : Instant.from(parsed);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("is not ISO-8601");
            }
        }
    }

    private static final class Pattern extends DateFormatSpec {
        private final DatePattern pattern;

        Pattern(DatePattern pattern) {
            this.pattern = pattern;
        }

        @Override
        public Instant parse(JsonNode value) {
            if (!value.isValueNode()) {
                throw new IllegalArgumentException("is not a date text");
            }
            return pattern.parse(value.asText());
        }
    }
}
