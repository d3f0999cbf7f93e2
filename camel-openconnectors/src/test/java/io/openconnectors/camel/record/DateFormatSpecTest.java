package io.openconnectors.camel.record;

import java.math.BigInteger;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link DateFormatSpec}: how a record's date is read from its {@code *DateFormat} and {@code *DateTimezone}
 * settings.
 */
class DateFormatSpecTest {

    private static final String SEED_FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private static final Instant AT = Instant.parse("2026-11-28T07:00:00Z");

    private static Instant parse(String format, String zone, String text) {
        return DateFormatSpec.of(format, zone).parse(TextNode.valueOf(text));
    }

    // ---------------------------------------------------------------- Java patterns

    @Test
    void seedPatternWithQuotedLiteralsInGmt() {
        assertThat(parse(SEED_FORMAT, "GMT", "2026-11-28T07:00:00Z")).isEqualTo(AT);
        assertThat(parse(SEED_FORMAT, null, "2026-11-28T07:00:00Z")).isEqualTo(AT);
        assertThat(parse(SEED_FORMAT, "UTC", "2026-02-01T23:59:59Z")).isEqualTo(Instant.parse("2026-02-01T23:59:59Z"));
    }

    @Test
    void theFieldZoneChangesTheInstantOfAPatternWithoutZoneLetter() {
        // the quoted 'Z' is a literal: the text is read in the configured zone
        assertThat(parse(SEED_FORMAT, "America/New_York", "2026-11-28T07:00:00Z"))
                .isEqualTo(Instant.parse("2026-11-28T12:00:00Z"));
        assertThat(parse(SEED_FORMAT, "Europe/Berlin", "2026-11-28T07:00:00Z"))
                .isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
        assertThat(parse("yyyy-MM-dd HH:mm", "+05:30", "2026-11-28 12:30")).isEqualTo(AT);
        // daylight saving time is applied: New York is UTC-4 in July
        assertThat(parse("yyyy-MM-dd HH:mm", "America/New_York", "2026-07-01 08:00"))
                .isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
    }

    @Test
    void shortZoneIdsAreAccepted() {
        assertThat(parse("yyyy-MM-dd HH:mm", "EST", "2026-11-28 02:00")).isEqualTo(AT);
        assertThat(parse("yyyy-MM-dd HH:mm", "PST", "2026-11-27 23:00")).isEqualTo(AT);
    }

    @Test
    void letterZReadsAnRfc822Offset() {
        assertThat(parse("yyyy-MM-dd HH:mm:ss Z", "GMT", "2026-11-27 23:00:00 -0800")).isEqualTo(AT);
        assertThat(parse("yyyy-MM-dd HH:mm:ss Z", "GMT", "2026-11-28 09:00:00 +0200")).isEqualTo(AT);
        // the offset in the text wins over the configured zone
        assertThat(parse("yyyy-MM-dd HH:mm:ss Z", "Asia/Tokyo", "2026-11-27 23:00:00 -0800")).isEqualTo(AT);
    }

    @Test
    void letterXReadsAnIsoOffset() {
        assertThat(parse("yyyy-MM-dd'T'HH:mm:ssXXX", "GMT", "2026-11-28T08:00:00+01:00")).isEqualTo(AT);
        assertThat(parse("yyyy-MM-dd'T'HH:mm:ssXXX", "America/New_York", "2026-11-28T07:00:00Z")).isEqualTo(AT);
        assertThat(parse("yyyy-MM-dd'T'HH:mm:ss.SSSX", "GMT", "2026-11-28T07:00:00.250Z"))
                .isEqualTo(Instant.parse("2026-11-28T07:00:00.250Z"));
    }

    @Test
    void letterLowerZReadsAZoneName() {
        assertThat(parse("yyyy-MM-dd HH:mm:ss z", "Asia/Tokyo", "2026-11-28 07:00:00 GMT")).isEqualTo(AT);
        assertThat(parse("yyyy-MM-dd HH:mm:ss z", "GMT", "2026-11-28 08:00:00 GMT+01:00")).isEqualTo(AT);
    }

    @Test
    void letterUIsTheDayNumberOfWeekAsInSimpleDateFormat() {
        // 2026-11-28 is a Saturday: SimpleDateFormat 'u' = 6. DateTimeFormatter would read 'u' as the year.
        assertThat(parse("yyyy-MM-dd u", "GMT", "2026-11-28 6")).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("yyyy-MM-dd u", "GMT", "2026-11-28 2026"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("yyyy-MM-dd u", "GMT", "2026-11-28 3"));
    }

    @Test
    void textualMonthAndDayNamesInEnglish() {
        assertThat(parse("EEE, dd MMM yyyy HH:mm:ss Z", null, "Sat, 28 Nov 2026 07:00:00 +0000")).isEqualTo(AT);
    }

    @Test
    void patternIsNotLenient() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("yyyy-MM-dd", "GMT", "2026-02-30"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("yyyy-MM-dd HH:mm", "GMT", "2026-11-28 25:00"));
    }

    @Test
    void patternMustMatchTheWholeText() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse(SEED_FORMAT, "GMT", "2026-11-28T07:00:00Zjunk"))
                .withMessageContaining(SEED_FORMAT);
        assertThatIllegalArgumentException().isThrownBy(() -> parse("yyyy-MM-dd", "GMT", "2026-11-28T07:00:00Z"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse(SEED_FORMAT, "GMT", "2026-11-28 07:00:00"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse(SEED_FORMAT, "GMT", ""));
    }

    @Test
    void patternReadsANumericJsonValueAsItsText() {
        assertThat(DateFormatSpec.of("yyyyMMdd", "GMT").parse(IntNode.valueOf(20261128)))
                .isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    }

    @Test
    void patternRefusesAnObjectOrArray() {
        DateFormatSpec spec = DateFormatSpec.of(SEED_FORMAT, "GMT");
        assertThatIllegalArgumentException().isThrownBy(() -> spec.parse(JsonNodeFactory.instance.objectNode()));
        assertThatIllegalArgumentException().isThrownBy(() -> spec.parse(JsonNodeFactory.instance.arrayNode()));
    }

    // ---------------------------------------------------------------- epoch formats

    @Test
    void millisecondsAsNumberAndAsNumericString() {
        DateFormatSpec spec = DateFormatSpec.of("milliseconds", null);
        assertThat(spec.parse(LongNode.valueOf(1795849200123L))).isEqualTo(Instant.parse("2026-11-28T07:00:00.123Z"));
        assertThat(spec.parse(TextNode.valueOf("1795849200123"))).isEqualTo(Instant.parse("2026-11-28T07:00:00.123Z"));
        assertThat(spec.parse(TextNode.valueOf(" 1795849200000 "))).isEqualTo(AT);
        assertThat(spec.parse(IntNode.valueOf(0))).isEqualTo(Instant.EPOCH);
        assertThat(spec.parse(LongNode.valueOf(-1000))).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(DateFormatSpec.of("MILLISECONDS", null).parse(LongNode.valueOf(1795849200000L))).isEqualTo(AT);
    }

    @Test
    void millisecondsIgnoresTheZone() {
        assertThat(DateFormatSpec.of("milliseconds", "America/New_York").parse(LongNode.valueOf(1795849200000L)))
                .isEqualTo(AT);
    }

    @Test
    void secondsAsNumberAndAsNumericString() {
        DateFormatSpec spec = DateFormatSpec.of("seconds", "GMT");
        assertThat(spec.parse(LongNode.valueOf(1795849200L))).isEqualTo(AT);
        assertThat(spec.parse(TextNode.valueOf("1795849200"))).isEqualTo(AT);
        assertThat(spec.parse(IntNode.valueOf(1))).isEqualTo(Instant.parse("1970-01-01T00:00:01Z"));
    }

    @Test
    void epochFormatsRefuseWhatIsNotAWholeNumber() {
        DateFormatSpec millis = DateFormatSpec.of("milliseconds", null);
        assertThatIllegalArgumentException().isThrownBy(() -> millis.parse(TextNode.valueOf("soon")))
                .withMessageContaining("milliseconds");
        assertThatIllegalArgumentException().isThrownBy(() -> millis.parse(TextNode.valueOf("")));
        assertThatIllegalArgumentException().isThrownBy(() -> millis.parse(TextNode.valueOf("12.5")));
        assertThatIllegalArgumentException().isThrownBy(() -> millis.parse(DoubleNode.valueOf(12.5)));
        assertThatIllegalArgumentException().isThrownBy(() -> millis.parse(BooleanNode.TRUE));
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("seconds", null)
                .parse(TextNode.valueOf("2026-11-28T07:00:00Z"))).withMessageContaining("seconds");
    }

    @Test
    void secondsTooLargeForMillisecondsIsAnIllegalArgument() {
        // documented: parse throws IllegalArgumentException when the value cannot be read
        DateFormatSpec seconds = DateFormatSpec.of("seconds", null);
        assertThatIllegalArgumentException().isThrownBy(() -> seconds.parse(LongNode.valueOf(Long.MAX_VALUE / 10)));
    }

    @Test
    void integerBeyondLongIsRefusedRatherThanTruncated() {
        // 2^64 + 1 would silently become 1 ms after the epoch if cut to a long
        JsonNode huge = BigIntegerNode.valueOf(BigInteger.TWO.pow(64).add(BigInteger.ONE));
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("milliseconds", null).parse(huge));
    }

    // ---------------------------------------------------------------- ISO-8601

    @Test
    void iso8601WithZ() {
        assertThat(parse("iso8601", null, "2026-11-28T07:00:00Z")).isEqualTo(AT);
        assertThat(parse("ISO-8601", null, "2026-11-28T07:00:00Z")).isEqualTo(AT);
    }

    @Test
    void iso8601IsTheDefaultFormat() {
        assertThat(parse(null, null, "2026-11-28T07:00:00Z")).isEqualTo(AT);
        assertThat(parse("  ", "GMT", "2026-11-28T07:00:00Z")).isEqualTo(AT);
    }

    @Test
    void iso8601WithOffset() {
        assertThat(parse("iso8601", "GMT", "2026-11-28T09:00:00+02:00")).isEqualTo(AT);
        assertThat(parse("iso8601", "GMT", "2026-11-28T02:00:00-05:00")).isEqualTo(AT);
        // an explicit offset wins over the configured zone
        assertThat(parse("iso8601", "Asia/Tokyo", "2026-11-28T09:00:00+02:00")).isEqualTo(AT);
    }

    @Test
    void iso8601WithFractionalSeconds() {
        assertThat(parse("iso8601", null, "2026-11-28T07:00:00.123Z")).isEqualTo(Instant.parse("2026-11-28T07:00:00.123Z"));
        assertThat(parse("iso8601", null, "2026-11-28T07:00:00.123456789Z"))
                .isEqualTo(Instant.parse("2026-11-28T07:00:00.123456789Z"));
        assertThat(parse("iso8601", null, "2026-11-28T09:00:00.5+02:00"))
                .isEqualTo(Instant.parse("2026-11-28T07:00:00.500Z"));
    }

    @Test
    void iso8601LocalDateTimeIsReadInTheConfiguredZone() {
        assertThat(parse("iso8601", "America/New_York", "2026-11-28T02:00:00")).isEqualTo(AT);
        assertThat(parse("iso8601", "America/New_York", "2026-07-01T08:00:00"))
                .isEqualTo(Instant.parse("2026-07-01T12:00:00Z"));
        assertThat(parse("iso8601", null, "2026-11-28T07:00:00")).isEqualTo(AT);
    }

    @Test
    void iso8601RefusesOtherTexts() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse("iso8601", null, "2026-11-28T07:00:00Zjunk"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("iso8601", null, "28/11/2026"));
        assertThatIllegalArgumentException().isThrownBy(() -> parse("iso8601", null, "2026-11-28"));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DateFormatSpec.of("iso8601", null).parse(LongNode.valueOf(1795849200000L)));
    }

    // ---------------------------------------------------------------- bad settings

    @Test
    void invalidPatternLetterIsRejectedAtOf() {
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("yyyy-MM-dd qq", "GMT"))
                .withMessageContaining("yyyy-MM-dd qq");
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("yyyy-MM-ddTHH:mm:ss", "GMT"))
                .withMessageContaining("yyyy-MM-ddTHH:mm:ss");
    }

    @Test
    void unclosedQuoteIsRejectedAtOf() {
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("yyyy-MM-dd'T", "GMT"))
                .withMessageContaining("yyyy-MM-dd'T");
    }

    @Test
    void unknownZoneIsRejectedAtOfNamingTheZone() {
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of(SEED_FORMAT, "Mars/Olympus"))
                .withMessageContaining("Mars/Olympus");
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of("milliseconds", "Nowhere"))
                .withMessageContaining("Nowhere");
        assertThatIllegalArgumentException().isThrownBy(() -> DateFormatSpec.of(null, "+25:00"))
                .withMessageContaining("+25:00");
    }

    @Test
    void aSpecIsReusableAcrossThreads() throws Exception {
        DateFormatSpec spec = DateFormatSpec.of(SEED_FORMAT, "GMT");
        Instant[] results = new Instant[8];
        Thread[] threads = new Thread[results.length];
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                Instant last = null;
                for (int i = 0; i < 2000; i++) {
                    String text = String.format("2026-11-%02dT%02d:00:00Z", 1 + index, i % 24);
                    last = spec.parse(TextNode.valueOf(text));
                    if (!last.equals(Instant.parse(text))) {
                        return; // leaves a wrong value behind
                    }
                }
                results[index] = last;
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int t = 0; t < results.length; t++) {
            assertThat(results[t]).isEqualTo(Instant.parse(String.format("2026-11-%02dT%02d:00:00Z", 1 + t, 1999 % 24)));
        }
    }
}
