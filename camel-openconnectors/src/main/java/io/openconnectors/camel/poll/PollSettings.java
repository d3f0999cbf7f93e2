package io.openconnectors.camel.poll;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;

/**
 * A {@link PollConfiguration} checked and compiled: the URL template, the change detector and the first window
 * start. Every problem is reported at once, each under the option's name.
 */
record PollSettings(UrlTemplate url, ChangeDetector detector, Instant backfillFrom) {

    /**
     * @throws InvalidSettingsException listing every option that cannot work
     */
    static PollSettings compile(PollConfiguration config) {
        List<SettingProblem> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid poll configuration", problems);
        }
        return new PollSettings(
                UrlTemplate.compile(config.getUrl(), config.getBaseUrl()),
                detector(config),
                config.getBackfillFrom() == null ? null : Instant.parse(config.getBackfillFrom()));
    }

    static List<SettingProblem> problems(PollConfiguration config) {
        List<SettingProblem> problems = new ArrayList<>();
        check(problems, "url", () -> UrlTemplate.compile(config.getUrl(), config.getBaseUrl()));
        check(problems, "idField", () -> FieldPath.parse(config.getIdField()));
        if (config.getRecordsField() != null) {
            check(problems, "recordsField", () -> FieldPath.parse(config.getRecordsField()));
        }
        if (config.getNextPageTokenField() != null) {
            check(problems, "nextPageTokenField", () -> FieldPath.parse(config.getNextPageTokenField()));
        }
        checkDate(problems, "updated", config.getUpdatedDateField(), config.getUpdatedDateFormat(),
                config.getUpdatedDateTimezone());
        checkDate(problems, "created", config.getCreatedDateField(), config.getCreatedDateFormat(),
                config.getCreatedDateTimezone());
        if (config.isFilterByUpdatedDate() && config.getUpdatedDateField() == null) {
            problems.add(new SettingProblem("updatedDateField", "is required when filterByUpdatedDate is true"));
        }
        if (!config.isFilterByUpdatedDate() && config.getCreatedDateField() == null) {
            problems.add(new SettingProblem("createdDateField", "is required when filterByUpdatedDate is false"));
        }
        check(problems, "username/accessToken/apiKey", () -> VendorAuth.of(config));
        atLeast(problems, "createdCheckTolerance", config.getCreatedCheckTolerance(), 0);
        atLeast(problems, "pollDelay", config.getPollDelay(), 0);
        atLeast(problems, "windowOverlap", config.getWindowOverlap(), 0);
        atLeast(problems, "pageSize", config.getPageSize(), config.getPaging() == PagingMode.offset ? 1 : 0);
        atLeast(problems, "maxPages", config.getMaxPages(), 1);
        if (config.getBackfillFrom() != null) {
            try {
                Instant.parse(config.getBackfillFrom());
            } catch (DateTimeParseException e) {
                problems.add(new SettingProblem("backfillFrom",
                        "'" + config.getBackfillFrom() + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z"));
            }
        }
        return problems;
    }

    private static ChangeDetector detector(PollConfiguration config) {
        return new ChangeDetector(
                FieldPath.parse(config.getIdField()),
                dateField("updatedDateField", config.getUpdatedDateField(), config.getUpdatedDateFormat(),
                        config.getUpdatedDateTimezone()),
                dateField("createdDateField", config.getCreatedDateField(), config.getCreatedDateFormat(),
                        config.getCreatedDateTimezone()),
                Duration.ofSeconds(config.getCreatedCheckTolerance()),
                config.isFilterByUpdatedDate());
    }

    private static DateField dateField(String setting, String path, String format, String zone) {
        return path == null ? null : new DateField(setting, FieldPath.parse(path), DateFormatSpec.of(format, zone));
    }

    private static void checkDate(List<SettingProblem> problems, String which, String path, String format, String zone) {
        if (path != null) {
            check(problems, which + "DateField", () -> FieldPath.parse(path));
        }
        check(problems, which + "DateTimezone", () -> DateFormatSpec.parseZone(zone));
        check(problems, which + "DateFormat", () -> DateFormatSpec.of(format, null));
    }

    private static void check(List<SettingProblem> problems, String option, Supplier<?> compile) {
        try {
            compile.get();
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem(option, e.getMessage()));
        }
    }

    private static void atLeast(List<SettingProblem> problems, String option, int value, int min) {
        if (value < min) {
            problems.add(new SettingProblem(option, value + " is below the minimum of " + min));
        }
    }
}
