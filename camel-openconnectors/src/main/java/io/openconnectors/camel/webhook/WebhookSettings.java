package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.record.DateFormatSpec;
import io.openconnectors.camel.record.FieldPath;
import io.openconnectors.camel.signature.StandardWebhooksSignature;
import io.openconnectors.camel.store.Transactions;

/**
 * A {@link WebhookConfiguration} checked and compiled. Every problem is reported at once, each under the option's
 * name.
 */
record WebhookSettings(
        EventSource source, int maxBodySize, int maxItems, VendorSignatureCheck signatureCheck, Handshake handshake,
        WebhookEventMapper mapper, int maxEvents, String deliveryIdHeader, Transactions transactions) {

    /**
     * @throws InvalidSettingsException listing every option that cannot work
     */
    static WebhookSettings compile(EventSource source, WebhookConfiguration config, int maxEvents, Transactions transactions,
                                   Clock clock) {
        List<SettingProblem> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Invalid webhook configuration", problems);
        }
        WebhookEventMapper mapper = config.getEventMapper() != null ? config.getEventMapper()
                : new PayloadMapper(source, config, clock);
        return new WebhookSettings(source, config.getMaxBodySize(), config.getMaxItems(), VendorSignatureCheck.of(config, clock),
                new Handshake(config), mapper, maxEvents, deliveryIdHeader(config), transactions);
    }

    /** The configured header, lower case; under Standard Webhooks {@code webhook-id} unless another is set. */
    private static String deliveryIdHeader(WebhookConfiguration config) {
        if (config.getDeliveryIdHeader() != null && !config.getDeliveryIdHeader().isBlank()) {
            return config.getDeliveryIdHeader().trim().toLowerCase(Locale.ROOT);
        }
        return config.getVendorSignatureScheme() == VendorSignatureScheme.standardWebhooks
                ? StandardWebhooksSignature.ID_HEADER : null;
    }

    static List<SettingProblem> problems(WebhookConfiguration config) {
        List<SettingProblem> problems = new ArrayList<>();
        path(problems, "itemsField", config.getItemsField());
        path(problems, "objectIdField", config.getObjectIdField());
        path(problems, "objectTypeField", config.getObjectTypeField());
        path(problems, "eventTypeField", config.getEventTypeField());
        path(problems, "eventDateField", config.getEventDateField());
        path(problems, "challengeField", config.getChallengeField());
        check(problems, () -> PayloadMapper.parseMapping(config.getEventTypeMapping()));
        check(problems, () -> {
            try {
                return DateFormatSpec.of(config.getEventDateFormat(), config.getEventDateTimezone());
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException("eventDateFormat", e.getMessage(), e);
            }
        });
        check(problems, () -> VendorSignatureCheck.of(config, Clock.systemUTC()));
        check(problems, () -> new Handshake(config));
        if (config.getMaxBodySize() < 1) {
            problems.add(new SettingProblem("maxBodySize", config.getMaxBodySize() + " is below the minimum of 1"));
        }
        if (config.getMaxItems() < 1) {
            problems.add(new SettingProblem("maxItems", config.getMaxItems() + " is below the minimum of 1"));
        }
        if (config.getVendorSignatureTolerance() < 0) {
            problems.add(new SettingProblem("vendorSignatureTolerance",
                    config.getVendorSignatureTolerance() + " is below the minimum of 0"));
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
