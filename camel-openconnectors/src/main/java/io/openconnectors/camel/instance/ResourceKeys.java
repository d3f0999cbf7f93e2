package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.openconnectors.camel.poll.PagingMode;
import io.openconnectors.camel.poll.PollConfiguration;

import static io.openconnectors.camel.instance.ConfigKey.bool;
import static io.openconnectors.camel.instance.ConfigKey.integer;
import static io.openconnectors.camel.instance.ConfigKey.text;

/**
 * The keys a resource of {@code event.poller.configuration} may hold, each with the {@code openconnectors:poll} option
 * it sets. The first ones are Open Connectors' own; the rest expose the endpoint's paging and window options.
 */
final class ResourceKeys {

    static final String DATES = "datesConfiguration";

    static final List<ConfigKey<PollConfiguration>> KEYS = List.of(
            text("url", "url", PollConfiguration::setUrl),
            text("idField", "idField", PollConfiguration::setIdField),
            text(DATES + ".updatedDateField", "updatedDateField", PollConfiguration::setUpdatedDateField),
            text(DATES + ".updatedDateFormat", "updatedDateFormat", PollConfiguration::setUpdatedDateFormat),
            text(DATES + ".updatedDateTimezone", "updatedDateTimezone", PollConfiguration::setUpdatedDateTimezone),
            text(DATES + ".createdDateField", "createdDateField", PollConfiguration::setCreatedDateField),
            text(DATES + ".createdDateFormat", "createdDateFormat", PollConfiguration::setCreatedDateFormat),
            text(DATES + ".createdDateTimezone", "createdDateTimezone", PollConfiguration::setCreatedDateTimezone),
            integer("pageSize", "pageSize", PollConfiguration::setPageSize),
            integer("pollDelay", "pollDelay", PollConfiguration::setPollDelay),
            integer("createdCheckTolerance", "createdCheckTolerance", PollConfiguration::setCreatedCheckTolerance),
            bool("filterByUpdatedDate", "filterByUpdatedDate", PollConfiguration::setFilterByUpdatedDate),
            bool("filterByCurrentDate", "filterByCurrentDate", PollConfiguration::setFilterByCurrentDate),
            text("recordsField", "recordsField", PollConfiguration::setRecordsField),
            integer("windowOverlap", "windowOverlap", PollConfiguration::setWindowOverlap),
            text("backfillFrom", "backfillFrom", PollConfiguration::setBackfillFrom),
            ConfigKey.choice("paging", "paging", PagingMode.class, PollConfiguration::setPaging),
            text("pageSizeParam", "pageSizeParam", PollConfiguration::setPageSizeParam),
            text("nextPageParam", "nextPageParam", PollConfiguration::setNextPageParam),
            text("nextPageTokenHeader", "nextPageTokenHeader", PollConfiguration::setNextPageTokenHeader),
            text("nextPageTokenField", "nextPageTokenField", PollConfiguration::setNextPageTokenField),
            text("offsetParam", "offsetParam", PollConfiguration::setOffsetParam),
            text("limitParam", "limitParam", PollConfiguration::setLimitParam),
            integer("maxPages", "maxPages", PollConfiguration::setMaxPages));

    /**
     * The instance-level configuration keys that reach the vendor, each with the option it sets on every resource's
     * endpoint.
     */
    static final List<ConfigKey<PollConfiguration>> VENDOR_KEYS = List.of(
            text("base.url", "baseUrl", PollConfiguration::setBaseUrl),
            text("username", "username", PollConfiguration::setUsername),
            text("password", "password", PollConfiguration::setPassword),
            text("access.token", "accessToken", PollConfiguration::setAccessToken),
            text("api.key", "apiKey", PollConfiguration::setApiKey),
            text("api.key.header", "apiKeyHeader", PollConfiguration::setApiKeyHeader));

    private ResourceKeys() {
    }

    static Optional<ConfigKey<PollConfiguration>> byPath(String path) {
        return KEYS.stream().filter(k -> k.path().equals(path)).findFirst();
    }

    /** The key, resource-level or vendor-level, that sets an option. */
    static Optional<ConfigKey<PollConfiguration>> byOption(String option) {
        return Stream.concat(KEYS.stream(), VENDOR_KEYS.stream()).filter(k -> k.option().equals(option)).findFirst();
    }


    /** Applies a resource or vendor option to a configuration. */
    static void apply(PollConfiguration config, String option, String value) {
        byOption(option).orElseThrow(() -> new IllegalArgumentException("no poll option " + option)).apply(config, value);
    }
}
