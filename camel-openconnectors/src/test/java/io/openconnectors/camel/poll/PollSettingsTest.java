package io.openconnectors.camel.poll;

import java.time.Instant;
import java.util.List;

import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link PollConfiguration#problems()} and {@link PollSettings#compile}: every bad option reported at once, each under
 * its option name.
 */
class PollSettingsTest {

    /** The seed's contacts resource as endpoint options. */
    private static PollConfiguration valid() {
        PollConfiguration config = new PollConfiguration();
        config.setBaseUrl("https://api.example.com/elements/api-v2");
        config.setUrl("/hubs/crm/contacts?where=lastUpdated>'${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}'");
        config.setIdField("id");
        config.setUpdatedDateField("_info.lastUpdated");
        config.setUpdatedDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        config.setUpdatedDateTimezone("GMT");
        config.setCreatedDateField("_info.lastUpdated");
        config.setCreatedDateFormat("yyyy-MM-dd'T'HH:mm:ss'Z'");
        config.setCreatedDateTimezone("GMT");
        config.setUsername("crm-user");
        config.setPassword("crm-password-123");
        return config;
    }

    private static List<String> keys(PollConfiguration config) {
        return config.problems().stream().map(SettingProblem::key).toList();
    }

    private static SettingProblem only(PollConfiguration config) {
        List<SettingProblem> problems = config.problems();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void validConfigurationHasNoProblem() {
        assertThat(valid().problems()).isEmpty();
    }

    @Test
    void validConfigurationCompiles() {
        PollConfiguration config = valid();
        config.setBackfillFrom("2026-01-01T00:00:00Z");
        PollSettings settings = PollSettings.compile(config);
        assertThat(settings.backfillFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(settings.url().expand(Instant.parse("2026-11-28T07:00:00Z")))
                .isEqualTo("https://api.example.com/elements/api-v2/hubs/crm/contacts"
                           + "?where=lastUpdated%3E'2026-11-28T07%3A00%3A00Z'");
        assertThat(settings.detector()).isNotNull();
    }

    @Test
    void defaultsNeedOnlyAUrlAndAnUpdatedDateField() {
        PollConfiguration config = new PollConfiguration();
        config.setUrl("https://api.example.com/items");
        config.setUpdatedDateField("updated_at");
        assertThat(config.problems()).isEmpty();
        assertThat(PollSettings.compile(config).backfillFrom()).isNull();
    }

    @Test
    void otherAuthenticationsAloneAreValid() {
        PollConfiguration token = valid();
        token.setUsername(null);
        token.setPassword(null);
        token.setAccessToken("tok");
        assertThat(token.problems()).isEmpty();

        PollConfiguration apiKey = valid();
        apiKey.setUsername(null);
        apiKey.setPassword(null);
        apiKey.setApiKey("key");
        assertThat(apiKey.problems()).isEmpty();
    }

    // ---------------------------------------------------------------- one problem each

    @Test
    void urlWithUnknownMacro() {
        PollConfiguration config = valid();
        config.setUrl("/hubs/crm/contacts?where=lastUpdated>'${foo}'");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("url");
        assertThat(problem.reason()).contains("${foo}");
    }

    @Test
    void missingUrl() {
        PollConfiguration config = valid();
        config.setUrl(null);
        assertThat(only(config).key()).isEqualTo("url");
    }

    @Test
    void relativeUrlWithoutBaseUrl() {
        PollConfiguration config = valid();
        config.setBaseUrl(null);
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("url");
        assertThat(problem.reason()).contains("/hubs/crm/contacts");
    }

    @Test
    void badUpdatedDateFormatPattern() {
        PollConfiguration config = valid();
        config.setUpdatedDateFormat("yyyy-MM-dd qq");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("updatedDateFormat");
        assertThat(problem.reason()).contains("yyyy-MM-dd qq");
    }

    @Test
    void badCreatedDateFormatPattern() {
        PollConfiguration config = valid();
        config.setCreatedDateFormat("yyyy'T");
        assertThat(only(config).key()).isEqualTo("createdDateFormat");
    }

    @Test
    void badTimezone() {
        PollConfiguration config = valid();
        config.setUpdatedDateTimezone("Mars/Olympus");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("updatedDateTimezone");
        assertThat(problem.reason()).contains("Mars/Olympus");

        PollConfiguration created = valid();
        created.setCreatedDateTimezone("Atlantis");
        assertThat(only(created).key()).isEqualTo("createdDateTimezone");
    }

    @Test
    void badTimezoneWithAnEpochFormatIsStillReported() {
        PollConfiguration config = valid();
        config.setUpdatedDateFormat("milliseconds");
        config.setUpdatedDateTimezone("Mars/Olympus");
        assertThat(only(config).key()).isEqualTo("updatedDateTimezone");
    }

    @Test
    void badFieldPaths() {
        PollConfiguration config = valid();
        config.setIdField("user..id");
        config.setUpdatedDateField(".lastUpdated");
        config.setRecordsField("data.");
        config.setNextPageTokenField("");
        assertThat(keys(config))
                .containsExactlyInAnyOrder("idField", "updatedDateField", "recordsField", "nextPageTokenField");
    }

    @Test
    void badIdFieldAloneIsReportedOnceUnderIdField() {
        PollConfiguration config = valid();
        config.setIdField("user..id");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("idField");
        assertThat(problem.reason()).contains("user..id");
    }

    @Test
    void missingUpdatedDateFieldWhenFilteringByUpdatedDate() {
        PollConfiguration config = valid();
        config.setUpdatedDateField(null);
        assertThat(only(config).key()).isEqualTo("updatedDateField");
    }

    @Test
    void missingCreatedDateFieldWhenFilteringByCreatedDate() {
        PollConfiguration config = valid();
        config.setFilterByUpdatedDate(false);
        config.setCreatedDateField(null);
        assertThat(only(config).key()).isEqualTo("createdDateField");
    }

    @Test
    void negativePageSize() {
        PollConfiguration config = valid();
        config.setPageSize(-1);
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("pageSize");
        assertThat(problem.reason()).contains("-1");
    }

    @Test
    void offsetPagingWithPageSizeZero() {
        PollConfiguration config = valid();
        config.setPaging(PagingMode.offset);
        config.setPageSize(0);
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("pageSize");
        assertThat(problem.reason()).contains("0").contains("1");

        config.setPageSize(50);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void tokenPagingAcceptsPageSizeZero() {
        PollConfiguration config = valid();
        config.setPaging(PagingMode.token);
        config.setPageSize(0);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void otherNumericMinimums() {
        PollConfiguration config = valid();
        config.setCreatedCheckTolerance(-1);
        config.setPollDelay(-5);
        config.setWindowOverlap(-1);
        config.setMaxPages(0);
        assertThat(keys(config))
                .containsExactlyInAnyOrder("createdCheckTolerance", "pollDelay", "windowOverlap", "maxPages");
    }

    @Test
    void badBackfillFrom() {
        PollConfiguration config = valid();
        config.setBackfillFrom("yesterday");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("backfillFrom");
        assertThat(problem.reason()).contains("'yesterday'");

        config.setBackfillFrom("2026-01-01");
        assertThat(only(config).key()).isEqualTo("backfillFrom");
    }

    @Test
    void twoAuthenticationKindsAtOnce() {
        PollConfiguration config = valid();
        config.setAccessToken("bearer-token-secret-777");
        SettingProblem problem = only(config);
        assertThat(problem.key()).isEqualTo("username/accessToken/apiKey");
        assertThat(problem.reason()).doesNotContain("bearer-token-secret-777", "crm-password-123", "crm-user");
    }

    @Test
    void tokenAndApiKeyAtOnce() {
        PollConfiguration config = valid();
        config.setUsername(null);
        config.setPassword(null);
        config.setAccessToken("tok");
        config.setApiKey("key");
        assertThat(only(config).key()).isEqualTo("username/accessToken/apiKey");
    }

    // ---------------------------------------------------------------- several at once

    @Test
    void severalProblemsAreReportedAtOnce() {
        PollConfiguration config = valid();
        config.setUrl("/contacts?since=${foo}");
        config.setUpdatedDateFormat("yyyy-MM-dd qq");
        config.setCreatedDateTimezone("Mars/Olympus");
        config.setPageSize(-1);
        config.setBackfillFrom("yesterday");
        config.setApiKey("key");

        assertThat(keys(config)).containsExactlyInAnyOrder("url", "updatedDateFormat", "createdDateTimezone", "pageSize",
                "backfillFrom", "username/accessToken/apiKey");
    }

    @Test
    void missingUpdatedDateFieldIsReportedAlongsideABadCreatedDateSetting() {
        // "Every problem is reported at once": a bad created zone must not hide the missing updatedDateField
        PollConfiguration config = valid();
        config.setUpdatedDateField(null);
        config.setCreatedDateTimezone("Mars/Olympus");
        assertThat(keys(config)).containsExactlyInAnyOrder("updatedDateField", "createdDateTimezone");
    }

    @Test
    void compileThrowsEveryProblem() {
        PollConfiguration config = valid();
        config.setUrl("/contacts?since=${epoch:xx}");
        config.setPageSize(-1);
        assertThatThrownBy(() -> PollSettings.compile(config))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.getProblems()).extracting(SettingProblem::key)
                            .containsExactlyInAnyOrder("url", "pageSize");
                    assertThat(e.getMessage()).contains("${epoch:xx}").contains("pageSize");
                });
    }
}
