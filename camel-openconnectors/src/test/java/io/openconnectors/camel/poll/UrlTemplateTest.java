package io.openconnectors.camel.poll;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link UrlTemplate}: every date macro of the poller URL, the encoding of macro values and literal text, and the
 * joining of a relative URL with the base URL.
 */
class UrlTemplateTest {

    /** A Saturday, in winter time in Europe and America. */
    private static final Instant AT = Instant.parse("2026-11-28T07:00:00Z");
    /** The same instant with a fraction: 123 ms, 456 us, 789 ns. */
    private static final Instant AT_FRACTION = Instant.parse("2026-11-28T07:00:00.123456789Z");

    private static final String BASE = "https://api.example.com/elements/api-v2";
    private static final String SEED_URL = "/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'";

    private static String expandQueryValue(String macro, Instant at) {
        String expanded = UrlTemplate.compile("https://h.example/x?d=" + macro, null).expand(at);
        assertThat(expanded).startsWith("https://h.example/x?d=");
        return expanded.substring("https://h.example/x?d=".length());
    }

    // ---------------------------------------------------------------- the seed's URL

    @Test
    void seedUrlResolvesToAValidUriWhoseDecodedQueryIsTheWhereClause() {
        String expanded = UrlTemplate.compile(SEED_URL, BASE).expand(AT);

        URI uri = URI.create(expanded); // throws when the result is not a valid URI
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("api.example.com");
        assertThat(uri.getRawPath()).isEqualTo("/elements/api-v2/hubs/crm/contacts");
        assertThat(URLDecoder.decode(uri.getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("where=lastUpdated>'2026-11-28T07:00:00Z'");
        assertThat(uri.getQuery()).isEqualTo("where=lastUpdated>'2026-11-28T07:00:00Z'");
    }

    @Test
    void seedUrlIsEncodedExactly() {
        assertThat(UrlTemplate.compile(SEED_URL, BASE).expand(AT))
                .isEqualTo("https://api.example.com/elements/api-v2/hubs/crm/contacts"
                           + "?where=lastUpdated%3E'2026-11-28T07%3A00%3A00Z'");
    }

    @Test
    void expansionFollowsTheInstantAndTheTemplateIsReusable() {
        UrlTemplate template = UrlTemplate.compile(SEED_URL, BASE);
        String first = template.expand(AT);
        String second = template.expand(Instant.parse("2027-01-02T03:04:05Z"));
        assertThat(first).endsWith("'2026-11-28T07%3A00%3A00Z'");
        assertThat(second).endsWith("'2027-01-02T03%3A04%3A05Z'");
        assertThat(template.expand(AT)).isEqualTo(first);
        assertThat(template).hasToString(SEED_URL);
    }

    // ---------------------------------------------------------------- each macro

    @Test
    void gmtDateFormatsInGmtWithQuotedLiterals() {
        assertThat(expandQueryValue("${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}", AT)).isEqualTo("2026-11-28T07%3A00%3A00Z");
        assertThat(expandQueryValue("${gmtDate:yyyyMMddHHmmssSSS}", AT_FRACTION)).isEqualTo("20261128070000123");
    }

    @Test
    void dateWithPatternIsGmtToo() {
        assertThat(expandQueryValue("${date:yyyy-MM-dd HH:mm}", AT)).isEqualTo("2026-11-28%2007%3A00");
    }

    @Test
    void bareDateIsIsoInGmtToTheSecond() {
        assertThat(expandQueryValue("${date}", AT_FRACTION)).isEqualTo("2026-11-28T07%3A00%3A00Z");
    }

    @Test
    void dateTimeZoneFormatsInTheNamedZone() {
        assertThat(expandQueryValue("${dateTimeZone:America/New_York:yyyy-MM-dd'T'HH:mm:ss}", AT))
                .isEqualTo("2026-11-28T02%3A00%3A00");
        assertThat(expandQueryValue("${dateTimeZone:Asia/Kolkata:HHmm}", AT)).isEqualTo("1230");
        assertThat(expandQueryValue("${dateTimeZone:GMT:HHmm}", AT)).isEqualTo("0700");
    }

    @Test
    void dateTimeZoneAcceptsAnOffsetWithoutColon() {
        assertThat(expandQueryValue("${dateTimeZone:+02:HHmm}", AT)).isEqualTo("0900");
    }

    @Test
    void dateTimeZoneAcceptsAnOffsetWrittenWithAColon() {
        // "+02:00" is a zone the project documents (updatedDateTimezone); the macro must not read "00:HH:mm" as FMT
        assertThat(expandQueryValue("${dateTimeZone:+02:00:HH:mm}", AT)).isEqualTo("09%3A00");
    }

    @Test
    void epochMacros() {
        assertThat(expandQueryValue("${epoch}", AT_FRACTION)).isEqualTo("1795849200123");
        assertThat(expandQueryValue("${epoch:ms}", AT_FRACTION)).isEqualTo("1795849200123");
        assertThat(expandQueryValue("${milliseconds}", AT_FRACTION)).isEqualTo("1795849200123");
        assertThat(expandQueryValue("${epoch:s}", AT_FRACTION)).isEqualTo("1795849200");
        assertThat(expandQueryValue("${epoch:us}", AT_FRACTION)).isEqualTo("1795849200123456");
    }

    @Test
    void epochMacrosBeforeAndAtTheEpoch() {
        assertThat(expandQueryValue("${epoch:s}", Instant.EPOCH)).isEqualTo("0");
        assertThat(expandQueryValue("${epoch:us}", Instant.EPOCH)).isEqualTo("0");
        assertThat(expandQueryValue("${epoch:ms}", Instant.parse("1969-12-31T23:59:59Z"))).isEqualTo("-1000");
    }

    @Test
    void severalMacrosInOneUrl() {
        String expanded = UrlTemplate.compile("/search?from=${epoch:s}&day=${gmtDate:yyyy-MM-dd}&ms=${milliseconds}", BASE)
                .expand(AT);
        assertThat(expanded)
                .isEqualTo(BASE + "/search?from=1795849200&day=2026-11-28&ms=1795849200000");
    }

    @Test
    void letterUIsTheDayNumberOfWeekAsInSimpleDateFormat() {
        // DateTimeFormatter would print the year (2026); SimpleDateFormat prints the day number, Saturday = 6
        assertThat(expandQueryValue("${gmtDate:u}", AT)).isEqualTo("6");
        assertThat(expandQueryValue("${gmtDate:u}", Instant.parse("2026-11-30T07:00:00Z"))).isEqualTo("1");
    }

    @Test
    void quotedBraceInsideThePatternDoesNotCloseTheMacro() {
        assertThat(expandQueryValue("${gmtDate:'{'yyyy'}'}", AT)).isEqualTo("%7B2026%7D");
    }

    // ---------------------------------------------------------------- encoding

    @Test
    void plusOfAnOffsetInAMacroValueIsEncoded() {
        String value = expandQueryValue("${dateTimeZone:Europe/Paris:yyyy-MM-dd'T'HH:mm:ssXXX}", AT);
        assertThat(value).isEqualTo("2026-11-28T08%3A00%3A00%2B01%3A00");
        assertThat(URLDecoder.decode(value, StandardCharsets.UTF_8)).isEqualTo("2026-11-28T08:00:00+01:00");

        assertThat(expandQueryValue("${dateTimeZone:Asia/Tokyo:Z}", AT)).isEqualTo("%2B0900");
    }

    @Test
    void negativeOffsetAndSpaceInAMacroValue() {
        assertThat(expandQueryValue("${dateTimeZone:America/Los_Angeles:yyyy-MM-dd HH:mm Z}", AT))
                .isEqualTo("2026-11-27%2023%3A00%20-0800");
    }

    @Test
    void macroValueReservedCharactersAreEncodedSoTheyCannotBreakTheQuery() {
        assertThat(expandQueryValue("${gmtDate:yyyy'&a=b#'}", AT)).isEqualTo("2026%26a%3Db%23");
    }

    @Test
    void existingEscapesAreKept() {
        String expanded = UrlTemplate.compile("/contacts?where=lastUpdated%3E'${gmtDate:yyyy}'", BASE).expand(AT);
        assertThat(expanded).isEqualTo(BASE + "/contacts?where=lastUpdated%3E'2026'");
        assertThat(URLDecoder.decode(URI.create(expanded).getRawQuery(), StandardCharsets.UTF_8))
                .isEqualTo("where=lastUpdated>'2026'");
        assertThat(UrlTemplate.compile("/x?a=%3e%2B", BASE).expand(AT)).isEqualTo(BASE + "/x?a=%3e%2B");
        assertThat(UrlTemplate.compile("/x?a=%3E", BASE).expand(AT)).isEqualTo(BASE + "/x?a=%3E");
    }

    @Test
    void aPercentThatIsNotAnEscapeIsEncoded() {
        assertThat(UrlTemplate.compile("/x?a=100%&b=%zz", BASE).expand(AT)).isEqualTo(BASE + "/x?a=100%25&b=%25zz");
    }

    @Test
    void charactersAUriMayNotHoldAreEncodedInLiteralText() {
        String expanded = UrlTemplate.compile("/x?q=a b|\"c\"<d>{e}^`\\é", BASE).expand(AT);
        assertThat(expanded).isEqualTo(BASE + "/x?q=a%20b%7C%22c%22%3Cd%3E%7Be%7D%5E%60%5C%C3%A9");
        assertThat(URI.create(expanded).getQuery()).isEqualTo("q=a b|\"c\"<d>{e}^`\\é");
    }

    @Test
    void reservedCharactersOfLiteralTextAreKept() {
        String template = "/x?a=1&b=c,d;e=f+g:h@i!$'()*[]#frag";
        assertThat(UrlTemplate.compile(template, BASE).expand(AT)).isEqualTo(BASE + template);
    }

    // ---------------------------------------------------------------- errors

    @Test
    void unknownMacroIsRejectedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${foo}", BASE))
                .withMessageContaining("${foo}");
    }

    @Test
    void unknownEpochUnitIsRejectedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${epoch:xx}", BASE))
                .withMessageContaining("${epoch:xx}");
    }

    @Test
    void millisecondsTakesNoArgument() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${milliseconds:s}", BASE))
                .withMessageContaining("${milliseconds:s}");
    }

    @Test
    void gmtDateWithoutPatternIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${gmtDate}", BASE))
                .withMessageContaining("${gmtDate}");
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${gmtDate:}", BASE))
                .withMessageContaining("${gmtDate:}");
    }

    @Test
    void dateTimeZoneWithoutPatternIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${dateTimeZone:UTC}", BASE))
                .withMessageContaining("${dateTimeZone:UTC}");
    }

    @Test
    void dateTimeZoneWithUnknownZoneIsRejectedNamingTheZone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UrlTemplate.compile("/x?since=${dateTimeZone:Mars/Olympus:yyyy}", BASE))
                .withMessageContaining("Mars/Olympus");
    }

    @Test
    void badPatternInAMacroIsRejectedNamingThePattern() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${gmtDate:yyyy-qq}", BASE))
                .withMessageContaining("yyyy-qq");
    }

    @Test
    void unclosedMacroIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> UrlTemplate.compile("/x?since=${gmtDate:yyyy-MM-dd", BASE))
                .withMessageContaining("${gmtDate:yyyy-MM-dd")
                .withMessageContaining("no closing }");
    }

    @Test
    void macroClosedOnlyInsideAnUnclosedQuoteIsUnclosed() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/x?since=${gmtDate:yyyy'}", BASE))
                .withMessageContaining("no closing }");
    }

    @Test
    void relativeUrlWithoutBaseUrlIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("/hubs/crm/contacts", null))
                .withMessageContaining("/hubs/crm/contacts")
                .withMessageContaining("base URL");
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("hubs/crm/contacts", "   "))
                .withMessageContaining("hubs/crm/contacts");
    }

    @Test
    void emptyUrlIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile(null, BASE));
        assertThatIllegalArgumentException().isThrownBy(() -> UrlTemplate.compile("  ", BASE));
    }

    // ---------------------------------------------------------------- base URL

    @Test
    void absoluteUrlIgnoresTheBaseUrl() {
        assertThat(UrlTemplate.compile("https://other.example.org/v1/items?since=${epoch:s}", BASE).expand(AT))
                .isEqualTo("https://other.example.org/v1/items?since=1795849200");
        assertThat(UrlTemplate.compile("http://other.example.org/items", null).expand(AT))
                .isEqualTo("http://other.example.org/items");
        assertThat(UrlTemplate.compile("HTTPS://Other.example.org/items", null).expand(AT))
                .isEqualTo("HTTPS://Other.example.org/items");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource({
            "https://api.example.com/v2,  /contacts",
            "https://api.example.com/v2/, /contacts",
            "https://api.example.com/v2,  contacts",
            "https://api.example.com/v2/, contacts" })
    void baseAndPathAreJoinedWithExactlyOneSlash(String base, String path) {
        assertThat(UrlTemplate.compile(path, base).expand(AT)).isEqualTo("https://api.example.com/v2/contacts");
    }

    @Test
    void baseUrlAndTemplateAreTrimmed() {
        assertThat(UrlTemplate.compile("  /contacts  ", "  https://api.example.com  ").expand(AT))
                .isEqualTo("https://api.example.com/contacts");
    }

    @Test
    void everyDocumentedMacroCompiles() {
        for (String macro : new String[] {
                "${gmtDate:yyyy}", "${date:yyyy}", "${dateTimeZone:Europe/Berlin:yyyy}", "${date}", "${epoch}",
                "${epoch:ms}", "${epoch:s}", "${epoch:us}", "${milliseconds}" }) {
            assertThatCode(() -> URI.create(UrlTemplate.compile("/x?a=" + macro, BASE).expand(AT)))
                    .as(macro).doesNotThrowAnyException();
        }
    }
}
