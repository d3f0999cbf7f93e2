package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.ObjIntConsumer;
import java.util.stream.Stream;

import io.openconnectors.camel.poll.PagingMode;
import io.openconnectors.camel.poll.PollConfiguration;

/**
 * The keys a resource of {@code event.poller.configuration} may hold, each with the {@code openconnectors:poll} option
 * it sets. The first ones are Open Connectors' own; the rest expose the endpoint's paging and window options.
 */
final class ResourceKeys {

    enum Type {
        TEXT,
        INTEGER,
        BOOLEAN,
        PAGING
    }

    /** One key: where it sits in the resource JSON, its type, and the option it becomes. */
    record Key(String path, Type type, String option, BiConsumer<PollConfiguration, String> setter) {
    }

    static final String DATES = "datesConfiguration";

    static final List<Key> KEYS = List.of(
            text("url", PollConfiguration::setUrl),
            text("idField", PollConfiguration::setIdField),
            dates("updatedDateField", PollConfiguration::setUpdatedDateField),
            dates("updatedDateFormat", PollConfiguration::setUpdatedDateFormat),
            dates("updatedDateTimezone", PollConfiguration::setUpdatedDateTimezone),
            dates("createdDateField", PollConfiguration::setCreatedDateField),
            dates("createdDateFormat", PollConfiguration::setCreatedDateFormat),
            dates("createdDateTimezone", PollConfiguration::setCreatedDateTimezone),
            integer("pageSize", PollConfiguration::setPageSize),
            integer("pollDelay", PollConfiguration::setPollDelay),
            integer("createdCheckTolerance", PollConfiguration::setCreatedCheckTolerance),
            bool("filterByUpdatedDate", PollConfiguration::setFilterByUpdatedDate),
            bool("filterByCurrentDate", PollConfiguration::setFilterByCurrentDate),
            text("recordsField", PollConfiguration::setRecordsField),
            integer("windowOverlap", PollConfiguration::setWindowOverlap),
            text("backfillFrom", PollConfiguration::setBackfillFrom),
            new Key("paging", Type.PAGING, "paging", (c, v) -> c.setPaging(PagingMode.valueOf(v))),
            text("pageSizeParam", PollConfiguration::setPageSizeParam),
            text("nextPageParam", PollConfiguration::setNextPageParam),
            text("nextPageTokenHeader", PollConfiguration::setNextPageTokenHeader),
            text("nextPageTokenField", PollConfiguration::setNextPageTokenField),
            text("offsetParam", PollConfiguration::setOffsetParam),
            text("limitParam", PollConfiguration::setLimitParam),
            integer("maxPages", PollConfiguration::setMaxPages));

    /**
     * The instance-level configuration keys that reach the vendor, each with the option it sets on every resource's
     * endpoint.
     */
    static final List<Key> VENDOR_KEYS = List.of(
            new Key("base.url", Type.TEXT, "baseUrl", PollConfiguration::setBaseUrl),
            new Key("username", Type.TEXT, "username", PollConfiguration::setUsername),
            new Key("password", Type.TEXT, "password", PollConfiguration::setPassword),
            new Key("access.token", Type.TEXT, "accessToken", PollConfiguration::setAccessToken),
            new Key("api.key", Type.TEXT, "apiKey", PollConfiguration::setApiKey),
            new Key("api.key.header", Type.TEXT, "apiKeyHeader", PollConfiguration::setApiKeyHeader));

    private ResourceKeys() {
    }

    static Optional<Key> byPath(String path) {
        return KEYS.stream().filter(k -> k.path().equals(path)).findFirst();
    }

    /** The key, resource-level or vendor-level, that sets an option. */
    static Optional<Key> byOption(String option) {
        return Stream.concat(KEYS.stream(), VENDOR_KEYS.stream()).filter(k -> k.option().equals(option)).findFirst();
    }

    /** Whether an option carries a credential: true for the options of secret instance keys. */
    static boolean isSecretOption(String option) {
        return VENDOR_KEYS.stream().anyMatch(k -> k.option().equals(option) && SecretMasker.isSecret(k.path()));
    }

    /** Applies a resource or vendor option to a configuration. */
    static void apply(PollConfiguration config, String option, String value) {
        byOption(option).orElseThrow(() -> new IllegalArgumentException("no poll option " + option))
                .setter().accept(config, value);
    }

    private static Key text(String name, BiConsumer<PollConfiguration, String> setter) {
        return new Key(name, Type.TEXT, name, setter);
    }

    private static Key dates(String name, BiConsumer<PollConfiguration, String> setter) {
        return new Key(DATES + "." + name, Type.TEXT, name, setter);
    }

    private static Key integer(String name, ObjIntConsumer<PollConfiguration> setter) {
        return new Key(name, Type.INTEGER, name, (c, v) -> setter.accept(c, Integer.parseInt(v)));
    }

    private static Key bool(String name, BiConsumer<PollConfiguration, Boolean> setter) {
        return new Key(name, Type.BOOLEAN, name, (c, v) -> setter.accept(c, Boolean.valueOf(v)));
    }
}
