package io.openconnectors.camel.poll;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ChangeDetector} (CREATED / UPDATED / not a change) and {@link FieldPath}.
 */
class ChangeDetectorTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FORMAT = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static final Instant FROM = Instant.parse("2026-11-28T07:00:00Z");

    private static final DateField UPDATED = new DateField("updatedDateField", FieldPath.parse("_info.lastUpdated"),
            DateFormatSpec.of(FORMAT, "GMT"));
    private static final DateField CREATED = new DateField("createdDateField", FieldPath.parse("_info.created"),
            DateFormatSpec.of(FORMAT, "GMT"));

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static JsonNode record(String id, String created, String updated) {
        return json("{\"id\":\"" + id + "\",\"name\":\"Ada\",\"_info\":{\"created\":\"" + created
                    + "\",\"lastUpdated\":\"" + updated + "\"}}");
    }

    private static ChangeDetector detector(Duration tolerance) {
        return new ChangeDetector(FieldPath.parse("id"), UPDATED, CREATED, tolerance, true);
    }

    private static ChangeDetector detector() {
        return detector(Duration.ZERO);
    }

    // ---------------------------------------------------------------- CREATED / UPDATED

    @Test
    void createdWhenCreatedEqualsUpdated() throws Exception {
        ChangeDetector.Change change = detector()
                .classify(record("c-1", "2026-11-28T07:05:00Z", "2026-11-28T07:05:00Z"), FROM, null);
        assertThat(change).isEqualTo(new ChangeDetector.Change(EventType.CREATED, "c-1",
                Instant.parse("2026-11-28T07:05:00Z")));
    }

    @Test
    void seedConfigurationComparesLastUpdatedWithItselfSoEveryChangeIsCreated() throws Exception {
        DateField createdIsLastUpdated = new DateField("createdDateField", FieldPath.parse("_info.lastUpdated"),
                DateFormatSpec.of(FORMAT, "GMT"));
        ChangeDetector seed = new ChangeDetector(FieldPath.parse("id"), UPDATED, createdIsLastUpdated, Duration.ZERO, true);
        ChangeDetector.Change change
                = seed.classify(record("c-1", "2020-01-01T00:00:00Z", "2026-11-28T07:05:00Z"), FROM, null);
        assertThat(change.type()).isEqualTo(EventType.CREATED);
    }

    @Test
    void createdWithinTheTolerance() throws Exception {
        ChangeDetector tolerant = detector(Duration.ofSeconds(5));
        assertThat(tolerant.classify(record("c-1", "2026-11-28T07:04:58Z", "2026-11-28T07:05:00Z"), FROM, null).type())
                .isEqualTo(EventType.CREATED);
        // exactly at the tolerance still counts as the same moment
        assertThat(tolerant.classify(record("c-1", "2026-11-28T07:04:55Z", "2026-11-28T07:05:00Z"), FROM, null).type())
                .isEqualTo(EventType.CREATED);
        // a created date a little after the updated date (clock skew) is still a creation
        assertThat(tolerant.classify(record("c-1", "2026-11-28T07:05:02Z", "2026-11-28T07:05:00Z"), FROM, null).type())
                .isEqualTo(EventType.CREATED);
    }

    @Test
    void updatedWhenCreatedEarlierThanUpdatedMinusTolerance() throws Exception {
        ChangeDetector.Change change = detector(Duration.ofSeconds(5))
                .classify(record("c-1", "2026-11-28T07:04:54Z", "2026-11-28T07:05:00Z"), FROM, null);
        assertThat(change).isEqualTo(new ChangeDetector.Change(EventType.UPDATED, "c-1",
                Instant.parse("2026-11-28T07:05:00Z")));
    }

    @Test
    void updatedWithoutToleranceAsSoonAsCreatedIsOneSecondEarlier() throws Exception {
        assertThat(detector().classify(record("c-1", "2026-11-28T07:04:59Z", "2026-11-28T07:05:00Z"), FROM, null).type())
                .isEqualTo(EventType.UPDATED);
        // a record created long before the window and updated in it
        assertThat(detector().classify(record("c-1", "2019-01-01T00:00:00Z", "2026-11-28T07:05:00Z"), FROM, null).type())
                .isEqualTo(EventType.UPDATED);
    }

    @Test
    void updatedWhenNoCreatedFieldIsConfigured() throws Exception {
        ChangeDetector noCreated = new ChangeDetector(FieldPath.parse("id"), UPDATED, null, Duration.ZERO, true);
        JsonNode record = json("{\"id\":\"c-1\",\"_info\":{\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThat(noCreated.classify(record, FROM, null))
                .isEqualTo(new ChangeDetector.Change(EventType.UPDATED, "c-1", Instant.parse("2026-11-28T07:05:00Z")));
    }

    // ---------------------------------------------------------------- the window

    @Test
    void notAnEventWhenUpdatedBeforeTheWindowStart() throws Exception {
        assertThat(detector().classify(record("c-1", "2026-11-28T06:59:59Z", "2026-11-28T06:59:59Z"), FROM, null))
                .isNull();
        assertThat(detector().classify(record("c-1", "2020-01-01T00:00:00Z", "2026-11-28T06:00:00Z"), FROM, null))
                .isNull();
    }

    @Test
    void windowStartIsInclusive() throws Exception {
        ChangeDetector.Change change
                = detector().classify(record("c-1", "2026-11-28T07:00:00Z", "2026-11-28T07:00:00Z"), FROM, null);
        assertThat(change).isNotNull();
        assertThat(change.at()).isEqualTo(FROM);
    }

    @Test
    void upperBoundIsInclusiveAndExcludesWhatIsAfterIt() throws Exception {
        Instant until = Instant.parse("2026-11-28T07:10:00Z");
        assertThat(detector().classify(record("c-1", "2026-11-28T07:10:00Z", "2026-11-28T07:10:00Z"), FROM, until))
                .isEqualTo(new ChangeDetector.Change(EventType.CREATED, "c-1", until));
        assertThat(detector().classify(record("c-1", "2026-11-28T07:10:01Z", "2026-11-28T07:10:01Z"), FROM, until))
                .isNull();
        assertThat(detector().classify(record("c-1", "2026-11-28T07:09:59Z", "2026-11-28T07:09:59Z"), FROM, until))
                .isNotNull();
    }

    @Test
    void noUpperBoundAcceptsFutureDates() throws Exception {
        assertThat(detector().classify(record("c-1", "2099-01-01T00:00:00Z", "2099-01-01T00:00:00Z"), FROM, null))
                .isNotNull();
    }

    @Test
    void updatedDateInTheWindowDecidesEvenWhenCreatedIsBeforeIt() throws Exception {
        ChangeDetector.Change change
                = detector().classify(record("c-1", "2026-11-28T06:00:00Z", "2026-11-28T07:01:00Z"), FROM, null);
        assertThat(change.type()).isEqualTo(EventType.UPDATED);
        assertThat(change.at()).isEqualTo(Instant.parse("2026-11-28T07:01:00Z"));
    }

    // ---------------------------------------------------------------- filterByUpdatedDate = false

    @Test
    void filterByCreatedDateGivesCreatedForARecordCreatedInTheWindow() throws Exception {
        ChangeDetector byCreated = new ChangeDetector(FieldPath.parse("id"), UPDATED, CREATED, Duration.ZERO, false);
        ChangeDetector.Change change
                = byCreated.classify(record("c-1", "2026-11-28T07:03:00Z", "2026-11-28T07:09:00Z"), FROM, null);
        assertThat(change).isEqualTo(new ChangeDetector.Change(EventType.CREATED, "c-1",
                Instant.parse("2026-11-28T07:03:00Z")));
    }

    @Test
    void filterByCreatedDateIgnoresARecordCreatedBeforeTheWindowEvenIfUpdatedInIt() throws Exception {
        ChangeDetector byCreated = new ChangeDetector(FieldPath.parse("id"), UPDATED, CREATED, Duration.ZERO, false);
        assertThat(byCreated.classify(record("c-1", "2026-11-28T06:00:00Z", "2026-11-28T07:09:00Z"), FROM, null))
                .isNull();
    }

    @Test
    void filterByCreatedDateNeedsNoUpdatedField() throws Exception {
        ChangeDetector byCreated = new ChangeDetector(FieldPath.parse("id"), null, CREATED, Duration.ZERO, false);
        JsonNode record = json("{\"id\":7,\"_info\":{\"created\":\"2026-11-28T07:03:00Z\"}}");
        assertThat(byCreated.classify(record, FROM, Instant.parse("2026-11-28T08:00:00Z")))
                .isEqualTo(new ChangeDetector.Change(EventType.CREATED, "7", Instant.parse("2026-11-28T07:03:00Z")));
        assertThat(byCreated.classify(record, FROM, Instant.parse("2026-11-28T07:02:00Z"))).isNull();
    }

    // ---------------------------------------------------------------- constructor

    @Test
    void constructorRefusesMissingUpdatedFieldWhenFilteringByUpdatedDate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ChangeDetector(FieldPath.parse("id"), null, CREATED, Duration.ZERO, true))
                .withMessageContaining("updatedDateField");
    }

    @Test
    void constructorRefusesMissingCreatedFieldWhenFilteringByCreatedDate() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ChangeDetector(FieldPath.parse("id"), UPDATED, null, Duration.ZERO, false))
                .withMessageContaining("createdDateField");
    }

    // ---------------------------------------------------------------- ids

    @Test
    void numericAndNestedIds() throws Exception {
        JsonNode numeric = json("{\"id\":42,\"_info\":{\"created\":\"2026-11-28T07:05:00Z\","
                                + "\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThat(detector().classify(numeric, FROM, null).id()).isEqualTo("42");

        ChangeDetector nested = new ChangeDetector(FieldPath.parse("user.id"), UPDATED, null, Duration.ZERO, true);
        JsonNode record = json("{\"user\":{\"id\":\"u-9\"},\"_info\":{\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThat(nested.classify(record, FROM, null).id()).isEqualTo("u-9");
    }

    // ---------------------------------------------------------------- invalid records

    @Test
    void missingIdNamesTheSettingAndPath() {
        JsonNode record = json("{\"_info\":{\"created\":\"2026-11-28T07:05:00Z\",\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("idField")
                .hasMessageContaining("'id'")
                .hasMessageContaining("missing");
    }

    @Test
    void nullIdIsMissing() {
        JsonNode record = json("{\"id\":null,\"_info\":{\"created\":\"2026-11-28T07:05:00Z\","
                               + "\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("idField")
                .hasMessageContaining("missing");
    }

    @Test
    void nonScalarIdNamesTheSettingPathAndValue() {
        JsonNode record = json("{\"id\":{\"value\":\"c-1\"},\"_info\":{\"created\":\"2026-11-28T07:05:00Z\","
                               + "\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("idField")
                .hasMessageContaining("'id'")
                .hasMessageContaining("{\"value\":\"c-1\"}");
        JsonNode array = json("{\"id\":[1,2],\"_info\":{\"created\":\"2026-11-28T07:05:00Z\","
                              + "\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(array, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("idField")
                .hasMessageContaining("[1,2]");
    }

    @Test
    void emptyIdIsNotUsable() {
        JsonNode record = record("", "2026-11-28T07:05:00Z", "2026-11-28T07:05:00Z");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("idField");
    }

    @Test
    void missingUpdatedDateNamesTheSettingAndPath() {
        JsonNode record = json("{\"id\":\"c-1\",\"_info\":{\"created\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .hasMessageContaining("'_info.lastUpdated'")
                .hasMessageContaining("missing");
    }

    @Test
    void missingCreatedDateNamesTheSettingAndPath() {
        JsonNode record = json("{\"id\":\"c-1\",\"_info\":{\"lastUpdated\":\"2026-11-28T07:05:00Z\"}}");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("createdDateField")
                .hasMessageContaining("'_info.created'")
                .hasMessageContaining("missing");
    }

    @Test
    void unparseableUpdatedDateNamesTheSettingPathAndValue() {
        JsonNode record = record("c-1", "2026-11-28T07:05:00Z", "28/11/2026 07:05");
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .hasMessageContaining("'_info.lastUpdated'")
                .hasMessageContaining("'28/11/2026 07:05'")
                .hasMessageContaining(FORMAT);
    }

    @Test
    void unparseableEpochDateNamesTheValue() {
        DateField millis = new DateField("updatedDateField", FieldPath.parse("modified"),
                DateFormatSpec.of("milliseconds", null));
        ChangeDetector epoch = new ChangeDetector(FieldPath.parse("id"), millis, null, Duration.ZERO, true);
        JsonNode record = json("{\"id\":\"c-1\",\"modified\":true}");
        assertThatThrownBy(() -> epoch.classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .hasMessageContaining("'modified'")
                .hasMessageContaining("true");
    }

    @Test
    void epochOverflowIsAnInvalidRecord() {
        DateField seconds = new DateField("updatedDateField", FieldPath.parse("modified"),
                DateFormatSpec.of("seconds", null));
        ChangeDetector epoch = new ChangeDetector(FieldPath.parse("id"), seconds, null, Duration.ZERO, true);
        JsonNode record = json("{\"id\":\"c-1\",\"modified\":" + Long.MAX_VALUE + "}");
        assertThatThrownBy(() -> epoch.classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .hasMessageContaining(Long.toString(Long.MAX_VALUE));
    }

    @Test
    void epochBeyondLongIsAnInvalidRecordNotASilentlyDroppedOne() {
        // 2^64 + 1 cut to a long is 1 ms after the epoch: the record would be "not in the window" and lost silently
        DateField millis = new DateField("updatedDateField", FieldPath.parse("modified"),
                DateFormatSpec.of("milliseconds", null));
        ChangeDetector epoch = new ChangeDetector(FieldPath.parse("id"), millis, null, Duration.ZERO, true);
        JsonNode record = json("{\"id\":\"c-1\",\"modified\":18446744073709551617}");
        assertThatThrownBy(() -> epoch.classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .hasMessageContaining("18446744073709551617");
    }

    @Test
    void longValuesAreShortenedInTheMessage() {
        String longText = "x".repeat(500);
        JsonNode record = record("c-1", "2026-11-28T07:05:00Z", longText);
        assertThatThrownBy(() -> detector().classify(record, FROM, null))
                .isInstanceOf(InvalidRecordException.class)
                .hasMessageContaining("updatedDateField")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(longText).hasSizeLessThan(300));
    }

    // ---------------------------------------------------------------- FieldPath

    @Nested
    class FieldPaths {

        private final JsonNode record = json("""
                {"id": "c-1",
                 "_info": {"lastUpdated": "2026-11-28T07:00:00Z", "nothing": null},
                 "properties": {"lastmodifieddate": {"value": 1795849200000}},
                 "items": [{"id": "i-0"}, {"id": "i-1"}],
                 "byDigit": {"0": "zero"},
                 "name": "Ada"}
                """);

        @Test
        void singleSegment() {
            assertThat(FieldPath.parse("id").resolve(record).asText()).isEqualTo("c-1");
        }

        @Test
        void dottedPaths() {
            assertThat(FieldPath.parse("_info.lastUpdated").resolve(record).asText()).isEqualTo("2026-11-28T07:00:00Z");
            assertThat(FieldPath.parse("properties.lastmodifieddate.value").resolve(record).longValue())
                    .isEqualTo(1795849200000L);
        }

        @Test
        void arrayIndexSegment() {
            assertThat(FieldPath.parse("items.0.id").resolve(record).asText()).isEqualTo("i-0");
            assertThat(FieldPath.parse("items.1.id").resolve(record).asText()).isEqualTo("i-1");
            assertThat(FieldPath.parse("items.2.id").resolve(record)).isNull();
            assertThat(FieldPath.parse("items.x").resolve(record)).isNull();
        }

        @Test
        void digitSegmentOnAnObjectIsAKey() {
            assertThat(FieldPath.parse("byDigit.0").resolve(record).asText()).isEqualTo("zero");
        }

        @Test
        void missingSegmentGivesNull() {
            assertThat(FieldPath.parse("missing").resolve(record)).isNull();
            assertThat(FieldPath.parse("_info.missing").resolve(record)).isNull();
            assertThat(FieldPath.parse("missing.deeper.still").resolve(record)).isNull();
            assertThat(FieldPath.parse("name.first").resolve(record)).isNull();
        }

        @Test
        void jsonNullGivesNull() {
            assertThat(FieldPath.parse("_info.nothing").resolve(record)).isNull();
            assertThat(FieldPath.parse("_info.nothing.below").resolve(record)).isNull();
        }

        @Test
        void objectValueIsReturnedAsIs() {
            assertThat(FieldPath.parse("properties.lastmodifieddate").resolve(record).isObject()).isTrue();
        }

        @Test
        void invalidPathsAreRejected() {
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse(null));
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse(""));
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse("   "));
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse(".id")).withMessageContaining("'.id'");
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse("id.")).withMessageContaining("'id.'");
            assertThatIllegalArgumentException().isThrownBy(() -> FieldPath.parse("_info..lastUpdated"))
                    .withMessageContaining("'_info..lastUpdated'");
        }

        @Test
        void toStringIsThePath() {
            assertThat(FieldPath.parse("_info.lastUpdated")).hasToString("_info.lastUpdated");
        }
    }
}
