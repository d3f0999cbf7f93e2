package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;
import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureEncoding;
import io.openconnectors.camel.signature.TimestampFormat;
import io.openconnectors.camel.store.Transactions;

/**
 * A {@link WebhookConfiguration} checked and compiled. Every problem is reported at once, each under the option's
 * name.
 */
record WebhookSettings(
        EventSource source, int maxBodySize, int maxItems, VendorSignatureCheck signatureCheck, Handshake handshake,
        WebhookEventMapper mapper, int maxEvents, List<String> deliveryIdHeaders, Transactions transactions) {

    private static final WebhookConfiguration STANDARD_WEBHOOKS = new WebhookConfiguration();
    private static final WebhookConfiguration DEFAULTS = new WebhookConfiguration();

    static {
        VendorSignaturePreset.standardWebhooksSignature(STANDARD_WEBHOOKS);
        DEFAULTS.setObjectIdField("id");
        DEFAULTS.setVendorSignatureAlgorithm("HmacSHA256");
        DEFAULTS.setVendorSignatureEncoding(SignatureEncoding.hex);
        DEFAULTS.setVendorSignatureContent("{body}");
        DEFAULTS.setVendorSignatureTimestampFormat(TimestampFormat.seconds);
        DEFAULTS.setVendorSignatureKeyFormat(KeyFormat.text);
        DEFAULTS.setVendorSignatureTolerance(300);
    }

    /** The signature options that describe a scheme, which the standardWebhooks scheme fixes. */
    private static final List<Map.Entry<String, Function<WebhookConfiguration, Object>>> SIGNATURE_SHAPE = List.of(
            Map.entry("vendorSignatureHeader", WebhookConfiguration::getVendorSignatureHeader),
            Map.entry("vendorSignatureAlgorithm", WebhookConfiguration::getVendorSignatureAlgorithm),
            Map.entry("vendorSignatureEncoding", WebhookConfiguration::getVendorSignatureEncoding),
            Map.entry("vendorSignaturePrefix", WebhookConfiguration::getVendorSignaturePrefix),
            Map.entry("vendorSignatureSeparator", WebhookConfiguration::getVendorSignatureSeparator),
            Map.entry("vendorSignatureContent", WebhookConfiguration::getVendorSignatureContent),
            Map.entry("vendorSignatureTimestampHeader", WebhookConfiguration::getVendorSignatureTimestampHeader),
            Map.entry("vendorSignatureTimestampPrefix", WebhookConfiguration::getVendorSignatureTimestampPrefix),
            Map.entry("vendorSignatureTimestampFormat", WebhookConfiguration::getVendorSignatureTimestampFormat),
            Map.entry("vendorSignatureIdHeader", WebhookConfiguration::getVendorSignatureIdHeader),
            Map.entry("vendorSignatureKeyFormat", WebhookConfiguration::getVendorSignatureKeyFormat));

    /**
     * @throws InvalidSettingsException listing every option that cannot work
     */
    static WebhookSettings compile(EventSource source, WebhookConfiguration config, int maxEvents, Transactions transactions,
                                   Clock clock) {
        List<SettingProblem> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid webhook configuration", problems);
        }
        WebhookConfiguration effective = effective(config);
        VendorSignatureCheck signatureCheck = VendorSignatureCheck.of(effective, clock, problems);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid webhook configuration", problems);
        }
        WebhookEventMapper mapper = effective.getEventMapper() != null ? effective.getEventMapper()
                : new PayloadMapper(source, effective, clock);
        return new WebhookSettings(source, effective.getMaxBodySize(), effective.getMaxItems(), signatureCheck,
                new Handshake(effective), mapper, maxEvents, headerNames(effective.getDeliveryIdHeader()), transactions);
    }

    /**
     * The options with the preset's values (or the standardWebhooks scheme's) wherever they are unset, then the
     * defaults: the one place a default is applied.
     */
    static WebhookConfiguration effective(WebhookConfiguration config) {
        WebhookConfiguration described = config;
        if (config.getVendorSignaturePreset() != null) {
            described = config.getVendorSignaturePreset().under(config);
        } else if (config.getVendorSignatureScheme() == VendorSignatureScheme.standardWebhooks) {
            described = VendorSignaturePreset.fill(config, STANDARD_WEBHOOKS);
        }
        return VendorSignaturePreset.fill(described, DEFAULTS);
    }

    /** A scheme that contradicts the preset, or options the standardWebhooks scheme would not use, said rather than ignored. */
    private static void scheme(List<SettingProblem> problems, WebhookConfiguration given) {
        VendorSignatureScheme scheme = given.getVendorSignatureScheme();
        if (given.getVendorSignaturePreset() != null) {
            if (scheme != null && scheme != VendorSignatureScheme.hmac) {
                problems.add(new SettingProblem("vendorSignatureScheme", "is " + scheme + ", but vendorSignaturePreset "
                                                                         + given.getVendorSignaturePreset()
                                                                         + " says how the vendor signs: leave it unset"));
            }
        } else if (scheme == VendorSignatureScheme.standardWebhooks) {
            SIGNATURE_SHAPE.stream().filter(option -> option.getValue().apply(given) != null)
                    .forEach(option -> problems.add(new SettingProblem(option.getKey(), "is not used with"
                                                                                        + " vendorSignatureScheme=standardWebhooks, which fixes how the vendor signs;"
                                                                                        + " to change that, use vendorSignaturePreset=standardWebhooks")));
        }
    }

    /** Header names an option lists, separated by commas, in lower case: alternatives, the first present read. */
    static List<String> headerNames(String names) {
        return names == null ? List.of() : Arrays.stream(names.split(","))
                .map(String::trim).filter(n -> !n.isEmpty()).map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** Every problem of the options as given, with the preset's values filled in where they are unset. */
    static List<SettingProblem> problems(WebhookConfiguration given) {
        WebhookConfiguration config = effective(given);
        List<SettingProblem> problems = new ArrayList<>();
        scheme(problems, given);
        path(problems, "itemsField", config.getItemsField());
        path(problems, "objectIdField", config.getObjectIdField());
        path(problems, "objectTypeField", config.getObjectTypeField());
        path(problems, "eventTypeField", config.getEventTypeField());
        path(problems, "eventDateField", config.getEventDateField());
        path(problems, "challengeField", config.getChallengeField());
        check(problems, () -> EventTypeMapping.parse(config.getEventTypeMapping()));
        check(problems, () -> {
            try {
                return DateFormatSpec.of(config.getEventDateFormat(), config.getEventDateTimezone());
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("eventDateFormat", e.getMessage(), e);
            }
        });
        VendorSignatureCheck.of(config, Clock.systemUTC(), problems);
        check(problems, () -> new Handshake(config));
        if (config.getMaxBodySize() < 1) {
            problems.add(new SettingProblem("maxBodySize", config.getMaxBodySize() + " is below the minimum of 1"));
        }
        if (config.getMaxItems() < 1) {
            problems.add(new SettingProblem("maxItems", config.getMaxItems() + " is below the minimum of 1"));
        }
        return problems;
    }

    private static void path(List<SettingProblem> problems, String option, String path) {
        if (path != null) {
            try {
                FieldPath.parse(path);
            } catch (IllegalArgumentException e) {
                problems.add(new SettingProblem(option, e.getMessage()));
            }
        }
    }

    /** Runs a compile step, collecting the problem of the option it names. */
    private static void check(List<SettingProblem> problems, Supplier<?> compile) {
        try {
            compile.get();
        } catch (InvalidOptionException e) {
            problems.add(e.getProblem());
        } catch (IllegalArgumentException e) {
            problems.add(new SettingProblem("webhook", e.getMessage()));
        }
    }
}
