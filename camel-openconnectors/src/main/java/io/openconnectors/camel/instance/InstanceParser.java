package io.openconnectors.camel.instance;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.openconnectors.camel.CallbackUrls;
import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.callback.CallbackSigner;
import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.json.StrictJson;
import io.openconnectors.camel.webhook.WebhookConfiguration;

/**
 * Reads the body of Open Connectors' {@code POST /instances} into an {@link InstanceDefinition}, checking everything
 * and reporting every problem at once, each under its key ({@code event.poller.refresh_interval},
 * {@code event.poller.configuration.contacts.url}, ...) with the bad value, secrets masked.
 */
public final class InstanceParser {

    static final String ENABLED = "event.notification.enabled";
    static final String VENDOR_TYPE = "event.vendor.type";
    static final String CALLBACK_URL = "event.notification.callback.url";
    static final String SIGNATURE_KEY = "event.notification.signature.key";
    static final String REFRESH_INTERVAL = "event.poller.refresh_interval";
    static final String POLLER_CONFIGURATION = "event.poller.configuration";

    /** The connector key is part of the webhook path and of property names: a plain word. */
    private static final Pattern ELEMENT_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final int MAX_NAME = 255;
    /** Polling more often than every second only hammers the vendor; less often than weekly is a mistake. */
    private static final double MIN_REFRESH_MINUTES = 1.0 / 60;
    private static final double MAX_REFRESH_MINUTES = 7 * 24 * 60;
    private static final Pattern ORIGIN = Pattern.compile("(https?)://([^/?#]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLACEHOLDER = Pattern.compile("<[A-Za-z][A-Za-z0-9 _.-]*>");
    private static final Set<String> TOP_LEVEL = Set.of("element", "configuration", "tags", "name");
    private static final Set<String> EVENT_KEYS = eventKeys();
    /** Instances are flat: a few levels of objects, never hundreds. */
    public static final StrictJson JSON = StrictJson.nestedAtMost(32);

    private InstanceParser() {
    }

    private static Set<String> eventKeys() {
        Set<String> keys = new TreeSet<>(Set.of(ENABLED, VENDOR_TYPE, CALLBACK_URL, SIGNATURE_KEY, REFRESH_INTERVAL,
                POLLER_CONFIGURATION));
        WebhookKeys.KEYS.forEach(k -> keys.add(k.path()));
        CallbackKeys.KEYS.forEach(k -> keys.add(k.path()));
        return Collections.unmodifiableSet(keys);
    }

    /**
     * @throws InvalidSettingsException listing every problem
     */
    public static InstanceDefinition parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.read(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException("Invalid instance", List.of(new SettingProblem("body", "not valid JSON: " + e.getMessage())));
        }
        return parse(root);
    }

    /**
     * Checks URLs against {@link EgressPolicy#DEFAULT}: what no policy lets through.
     *
     * @throws InvalidSettingsException listing every problem
     */
    public static InstanceDefinition parse(JsonNode root) {
        return parse(root, EgressPolicy.DEFAULT);
    }

    /**
     * @param  egress                   the policy the component connects under: a callback, base or resource URL it
     *                                  refuses on sight (an address literal, localhost, cloud metadata, user info) is
     *                                  a problem of its key; host names are judged when connecting, after DNS
     * @throws InvalidSettingsException listing every problem
     */
    public static InstanceDefinition parse(JsonNode root, EgressPolicy egress) {
        ConfigReader reader = new ConfigReader();
        if (root == null || !root.isObject()) {
            reader.problem("body", "must be a JSON object");
            throw new InvalidSettingsException("Invalid instance", reader.problems());
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field)) {
                reader.problem(field, "unknown field; an instance has element, configuration, tags and name");
            }
        });
        JsonNode element = root.get("element");
        if (element != null && !element.isObject()) {
            reader.problem("element", "must be a JSON object with the connector's key: {\"key\": \"...\"}");
        }
        String elementKey = reader.line("element.key", root.path("element").path("key"));
        if (elementKey == null || elementKey.isBlank()) {
            if (ConfigReader.absent(root.path("element").path("key")) || elementKey != null) {
                reader.problem("element.key", "is required: the connector's key");
            }
            elementKey = null;
        } else if (!ELEMENT_KEY.matcher(elementKey).matches()) {
            reader.problem("element.key", ConfigReader.show("element.key", root.path("element").path("key"))
                                          + " is not a connector key: up to 100 letters, digits, '_', '-' and '.'");
            elementKey = null;
        }
        String name = reader.line("name", root.get("name"));
        if (name == null && ConfigReader.absent(root.get("name"))) {
            reader.problem("name", "is required");
        } else if (name != null && name.length() > MAX_NAME) {
            reader.problem("name", "has " + name.length() + " characters; at most " + MAX_NAME + " are allowed");
        }
        List<String> tags = tags(reader, root.get("tags"));
        JsonNode configurationNode = root.get("configuration");
        Map<String, JsonNode> configuration = new LinkedHashMap<>();
        if (configurationNode == null || !configurationNode.isObject()) {
            reader.problem("configuration", "is required and must be a JSON object");
        } else {
            configurationNode.fields().forEachRemaining(e -> configuration.put(e.getKey(), e.getValue()));
        }
        EventSection events = events(reader, configuration, egress);
        if (!reader.problems().isEmpty()) {
            throw new InvalidSettingsException("Invalid instance", reader.problems());
        }
        return new InstanceDefinition(name, elementKey, tags, configuration, events);
    }

    private static List<String> tags(ConfigReader reader, JsonNode node) {
        List<String> tags = new ArrayList<>();
        if (ConfigReader.absent(node)) {
            return tags;
        }
        if (!node.isArray()) {
            reader.problem("tags", "must be an array of strings");
            return tags;
        }
        for (int i = 0; i < node.size(); i++) {
            String tag = reader.line("tags[" + i + "]", node.get(i));
            if (tag != null) {
                tags.add(tag);
            }
        }
        return tags;
    }

    private static EventSection events(ConfigReader reader, Map<String, JsonNode> configuration, EgressPolicy egress) {
        configuration.keySet().stream()
                .filter(key -> key.startsWith("event.") && !EVENT_KEYS.contains(key))
                .forEach(key -> reader.problem(key, "unknown event key"));
        Boolean enabledValue = reader.bool(ENABLED, configuration.get(ENABLED));
        boolean enabled = Boolean.TRUE.equals(enabledValue);

        VendorType vendorType = null;
        String vendorText = reader.text(VENDOR_TYPE, configuration.get(VENDOR_TYPE));
        if (vendorText != null) {
            vendorType = VendorType.parse(vendorText);
            if (vendorType == null) {
                reader.problem(VENDOR_TYPE, "'" + vendorText + "' is not an event type: use polling, webhook or webhooks");
            }
        } else if (enabled && ConfigReader.absent(configuration.get(VENDOR_TYPE))) {
            reader.problem(VENDOR_TYPE, "is required when events are enabled: polling, webhook or webhooks");
        }

        String callbackUrl = reader.text(CALLBACK_URL, configuration.get(CALLBACK_URL));
        if (isPlaceholder(callbackUrl)) {
            placeholder(reader, CALLBACK_URL, callbackUrl);
        } else if (callbackUrl != null) {
            CallbackUrls.problem(CALLBACK_URL, callbackUrl, egress).ifPresent(p -> reader.problem(p.key(), p.reason()));
        } else if (enabled && ConfigReader.absent(configuration.get(CALLBACK_URL))) {
            reader.problem(CALLBACK_URL, "is required when events are enabled");
        }

        String signatureKey = reader.text(SIGNATURE_KEY, configuration.get(SIGNATURE_KEY));
        if (signatureKey != null && signatureKey.isEmpty()) {
            signatureKey = null;
        }
        secretPlaceholders(reader, configuration);

        Map<String, String> callbackOptions = options(reader, configuration, CallbackKeys.KEYS);
        checkCallback(reader, signatureKey, callbackOptions);

        Map<String, String> vendorOptions = options(reader, configuration, ResourceKeys.VENDOR_KEYS);
        Map<String, String> webhookOptions = options(reader, configuration, WebhookKeys.KEYS);
        checkWebhook(reader, webhookOptions);

        Double refreshInterval = null;
        List<PollResource> resources = List.of();
        boolean polling = vendorType == VendorType.POLLING;
        JsonNode refreshNode = configuration.get(REFRESH_INTERVAL);
        if (polling || !ConfigReader.absent(refreshNode)) {
            refreshInterval = refreshInterval(reader, refreshNode, polling && enabled);
        }
        JsonNode pollerNode = configuration.get(POLLER_CONFIGURATION);
        if (polling || !ConfigReader.absent(pollerNode)) {
            resources = PollerConfigurationReader.read(reader, pollerNode, polling && enabled, vendorOptions);
        }
        checkVendorUrl(reader, egress, "base.url", vendorOptions.get("baseUrl"));
        for (PollResource resource : resources) {
            checkVendorUrl(reader, egress, POLLER_CONFIGURATION + "." + resource.name() + ".url", resource.options().get("url"));
        }
        return new EventSection(enabled, vendorType, callbackUrl, signatureKey, callbackOptions, refreshInterval, resources,
                vendorOptions, webhookOptions);
    }

    /**
     * Checks where an absolute vendor URL connects to: its scheme and authority only, since its path and query may hold
     * macros ({@code ${gmtDate:...}}) that are no URL yet, and credentials that a problem must not show.
     */
    private static void checkVendorUrl(ConfigReader reader, EgressPolicy egress, String key, String url) {
        if (isPlaceholder(url)) {
            placeholder(reader, key, url);
            return;
        }
        Matcher origin = url == null ? null : ORIGIN.matcher(url.trim());
        if (origin == null || !origin.lookingAt()) {
            return; // relative, or no URL: the poll endpoint's own checks say so
        }
        URI uri;
        try {
            uri = new URI(origin.group(1) + "://" + origin.group(2) + "/");
        } catch (URISyntaxException e) {
            return; // the endpoint refuses it as no valid URL
        }
        egress.checkUrl(key, uri).ifPresent(problem -> reader.problem(problem.key(), problem.reason()));
    }

    /** The options set by those of {@code keys} the configuration holds. */
    private static <T> Map<String, String> options(ConfigReader reader, Map<String, JsonNode> configuration,
                                                   List<ConfigKey<T>> keys) {
        Map<String, String> options = new LinkedHashMap<>();
        for (ConfigKey<T> key : keys) {
            JsonNode node = configuration.get(key.path());
            if (!ConfigReader.absent(node)) {
                String value = reader.option(key.path(), node, key);
                if (value != null) {
                    options.put(key.option(), value);
                }
            }
        }
        return options;
    }

    /** Checks the webhook options the way the endpoint will, so that a route never fails on start. */
    private static void checkWebhook(ConfigReader reader, Map<String, String> options) {
        WebhookConfiguration config = new WebhookConfiguration();
        options.forEach((option, value) -> WebhookKeys.byOption(option).orElseThrow().apply(config, value));
        for (SettingProblem problem : config.problems()) {
            String key = WebhookKeys.byOption(problem.key()).map(ConfigKey::path).orElse("event.webhook");
            reader.problem(key, problem.reason());
        }
    }

    /** A value left as the documentation's example wrote it: {@code <YOUR_CALLBACK_URL>}, {@code <BASE_URL>}. */
    private static boolean isPlaceholder(String value) {
        return value != null && PLACEHOLDER.matcher(value.trim()).matches();
    }

    /**
     * A secret that still holds an example's placeholder ({@code <webhook secret>}, {@code whsec_<endpoint secret>}) would
     * sign or check with a key anyone who read the docs knows: refused, without showing it.
     */
    private static void secretPlaceholders(ConfigReader reader, Map<String, JsonNode> configuration) {
        configuration.forEach((key, value) -> {
            if (SecretMasker.isSecret(key) && value != null && value.isTextual()
                && PLACEHOLDER.matcher(value.textValue()).find()) {
                placeholder(reader, key, "<...>");
            }
        });
    }

    private static void placeholder(ConfigReader reader, String key, String shown) {
        reader.problem(key, "'" + shown + "' is the example's placeholder: put the real value here");
    }

    /** Checks the signature options the way the callback endpoint will. */
    private static void checkCallback(ConfigReader reader, String signatureKey, Map<String, String> options) {
        CallbackConfiguration config = new CallbackConfiguration();
        config.setSignatureSecret(signatureKey);
        options.forEach((option, value) -> CallbackKeys.byOption(option).orElseThrow().apply(config, value));
        try {
            CallbackSigner.of(config, Clock.systemUTC());
        } catch (InvalidOptionException e) {
            String option = e.getProblem().key();
            reader.problem("signatureSecret".equals(option) ? SIGNATURE_KEY
                    : CallbackKeys.byOption(option).map(ConfigKey::path).orElse(SIGNATURE_KEY), e.getProblem().reason());
        }
    }

    private static Double refreshInterval(ConfigReader reader, JsonNode node, boolean required) {
        if (ConfigReader.absent(node)) {
            if (required) {
                reader.problem(REFRESH_INTERVAL, "is required for polling: a number of minutes above 0");
            }
            return null;
        }
        Double minutes = reader.number(REFRESH_INTERVAL, node, "a number of minutes");
        if (minutes == null) {
            return null;
        }
        if (minutes < MIN_REFRESH_MINUTES || minutes > MAX_REFRESH_MINUTES) {
            reader.problem(REFRESH_INTERVAL, ConfigReader.show(REFRESH_INTERVAL, node)
                                             + " must be between 1 second (0.0167 minutes) and 7 days (10080 minutes)");
            return null;
        }
        return minutes;
    }
}
