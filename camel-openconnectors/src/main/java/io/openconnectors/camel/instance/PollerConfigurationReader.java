package io.openconnectors.camel.instance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.poll.PollConfiguration;

/**
 * Reads {@code event.poller.configuration} (a JSON object, or the same object as a JSON string) into resources, and
 * checks each resource the way its {@code openconnectors:poll} endpoint will, so that a route never fails to start on
 * a setting the instance API accepted.
 */
final class PollerConfigurationReader {

    /**
     * Stands in for the connector's base URL while checking a relative URL: the connector supplies the real one when
     * the routes are built.
     */
    private static final String CONNECTOR_BASE_PLACEHOLDER = "http://connector.invalid";

    /** Resource names become part of endpoint URIs and route ids. */
    private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    private PollerConfigurationReader() {
    }

    static List<PollResource> read(ConfigReader reader, JsonNode node, boolean required, Map<String, String> vendorOptions) {
        String root = InstanceParser.POLLER_CONFIGURATION;
        if (ConfigReader.absent(node)) {
            if (required) {
                reader.problem(root, "is required for polling: one entry per resource, e.g. {\"contacts\": {\"url\": ...}}");
            }
            return List.of();
        }
        JsonNode object = node;
        if (node.isTextual()) {
            try {
                object = InstanceParser.JSON.read(node.textValue());
            } catch (IllegalArgumentException e) {
                reader.problem(root, "is a string but not JSON: " + e.getMessage());
                return List.of();
            }
        }
        if (object == null || !object.isObject()) {
            reader.problem(root, "must be a JSON object with one entry per resource");
            return List.of();
        }
        if (object.isEmpty() && required) {
            reader.problem(root, "has no resource to poll");
        }
        List<PollResource> resources = new ArrayList<>();
        object.fields().forEachRemaining(entry -> {
            String prefix = root + "." + entry.getKey();
            if (!RESOURCE_NAME.matcher(entry.getKey()).matches()) {
                reader.problem(prefix, "a resource name may hold letters, digits, '_', '-' and '.' only");
            }
            if (!entry.getValue().isObject()) {
                reader.problem(prefix, "must be a JSON object with at least a url");
                return;
            }
            Map<String, String> options = options(reader, prefix, entry.getValue());
            if (ConfigReader.absent(entry.getValue().get("url"))) {
                reader.problem(prefix + ".url", "is required");
            }
            check(reader, prefix, options, vendorOptions);
            resources.add(new PollResource(entry.getKey(), options));
        });
        return resources;
    }

    private static Map<String, String> options(ConfigReader reader, String prefix, JsonNode resource) {
        Map<String, String> options = new LinkedHashMap<>();
        resource.fields().forEachRemaining(field -> {
            if (ResourceKeys.DATES.equals(field.getKey())) {
                if (field.getValue().isObject()) {
                    field.getValue().fields().forEachRemaining(date -> read(reader, prefix,
                            ResourceKeys.DATES + "." + date.getKey(), date.getValue(), options));
                } else {
                    reader.problem(prefix + "." + ResourceKeys.DATES, "must be a JSON object");
                }
            } else {
                read(reader, prefix, field.getKey(), field.getValue(), options);
            }
        });
        return options;
    }

    private static void read(ConfigReader reader, String prefix, String path, JsonNode value, Map<String, String> options) {
        String key = prefix + "." + path;
        Optional<ConfigKey<PollConfiguration>> known = ResourceKeys.byPath(path);
        if (known.isEmpty()) {
            reader.problem(key, "unknown key");
            return;
        }
        String option = reader.option(key, value, known.get());
        if (option != null) {
            options.put(known.get().option(), option);
        }
    }

    /** Every other problem of the resource, also when its url is missing or malformed (already reported). */
    private static void check(ConfigReader reader, String prefix, Map<String, String> options,
                              Map<String, String> vendorOptions) {
        PollConfiguration config = new PollConfiguration();
        config.setBaseUrl(CONNECTOR_BASE_PLACEHOLDER);
        vendorOptions.forEach((option, value) -> ResourceKeys.apply(config, option, value));
        options.forEach((option, value) -> ResourceKeys.apply(config, option, value));
        for (SettingProblem problem : config.problems()) {
            boolean urlReported = "url".equals(problem.key()) && !options.containsKey("url");
            if (!urlReported) {
                reader.problem(instanceKey(prefix, problem.key()), problem.reason());
            }
        }
    }

    /** The instance key behind an endpoint option ("username/accessToken/apiKey" names several). */
    private static String instanceKey(String prefix, String options) {
        List<String> keys = new ArrayList<>();
        for (String option : options.split("/")) {
            keys.add(ResourceKeys.KEYS.stream().anyMatch(k -> k.option().equals(option))
                    ? prefix + "." + ResourceKeys.byOption(option).orElseThrow().path()
                    : ResourceKeys.byOption(option).map(ConfigKey::path).orElse(prefix + "." + option));
        }
        return String.join(" / ", keys);
    }
}
