package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;
import io.openconnectors.camel.store.Transactions;

/**
 * A {@link WebhookConfiguration} checked and compiled. Every problem is reported at once, each under the option's
 * name.
 */
record WebhookSettings(
        EventSource source, int maxBodySize, int maxItems, VendorSignatureCheck signatureCheck, Handshake handshake,
        WebhookEventMapper mapper, int maxEvents, List<String> deliveryIdHeaders, Transactions transactions) {

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
        WebhookEventMapper mapper = effective.getEventMapper() != null ? effective.getEventMapper()
                : new PayloadMapper(source, effective, clock);
        return new WebhookSettings(source, effective.getMaxBodySize(), effective.getMaxItems(),
                VendorSignatureCheck.of(effective, clock, new ArrayList<>()), new Handshake(effective), mapper, maxEvents,
                headerNames(effective.getDeliveryIdHeader()), transactions);
    }

    /** The options with the preset's values (or the standardWebhooks scheme's) wherever they are unset. */
    static WebhookConfiguration effective(WebhookConfiguration config) {
        if (config.getVendorSignaturePreset() != null) {
            return config.getVendorSignaturePreset().under(config);
        }
        if (config.getVendorSignatureScheme() == VendorSignatureScheme.standardWebhooks) {
            WebhookConfiguration standard = new WebhookConfiguration();
            VendorSignaturePreset.standardWebhooksSignature(standard);
            return VendorSignaturePreset.fill(config, standard);
        }
        return config;
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
