package io.openconnectors.camel.instance;

import java.util.List;
import java.util.Optional;

import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureEncoding;
import io.openconnectors.camel.signature.TimestampFormat;
import io.openconnectors.camel.webhook.VendorSignaturePreset;
import io.openconnectors.camel.webhook.VendorSignatureScheme;
import io.openconnectors.camel.webhook.WebhookConfiguration;

import static io.openconnectors.camel.instance.ConfigKey.choice;
import static io.openconnectors.camel.instance.ConfigKey.integer;
import static io.openconnectors.camel.instance.ConfigKey.text;

/**
 * The {@code event.webhook.*} keys of a webhook instance's configuration, each with the {@code openconnectors:webhook}
 * option it sets: how the vendor's payload maps to events, and how the vendor signs.
 */
final class WebhookKeys {

    static final String PREFIX = "event.webhook.";

    static final List<ConfigKey<WebhookConfiguration>> KEYS = List.of(
            text(PREFIX + "items.field", "itemsField", WebhookConfiguration::setItemsField),
            text(PREFIX + "object.id.field", "objectIdField", WebhookConfiguration::setObjectIdField),
            text(PREFIX + "object.type", "objectType", WebhookConfiguration::setObjectType),
            text(PREFIX + "object.type.field", "objectTypeField", WebhookConfiguration::setObjectTypeField),
            text(PREFIX + "event.type.header", "eventTypeHeader", WebhookConfiguration::setEventTypeHeader),
            text(PREFIX + "event.type.field", "eventTypeField", WebhookConfiguration::setEventTypeField),
            text(PREFIX + "event.type.mapping", "eventTypeMapping", WebhookConfiguration::setEventTypeMapping),
            text(PREFIX + "event.date.field", "eventDateField", WebhookConfiguration::setEventDateField),
            text(PREFIX + "event.date.format", "eventDateFormat", WebhookConfiguration::setEventDateFormat),
            text(PREFIX + "event.date.timezone", "eventDateTimezone", WebhookConfiguration::setEventDateTimezone),
            choice(PREFIX + "signature.preset", "vendorSignaturePreset", VendorSignaturePreset.class,
                    WebhookConfiguration::setVendorSignaturePreset),
            choice(PREFIX + "signature.scheme", "vendorSignatureScheme", VendorSignatureScheme.class,
                    WebhookConfiguration::setVendorSignatureScheme),
            text(PREFIX + "signature.header", "vendorSignatureHeader", WebhookConfiguration::setVendorSignatureHeader),
            text(PREFIX + "signature.key", "vendorSignatureSecret", WebhookConfiguration::setVendorSignatureSecret),
            text(PREFIX + "signature.algorithm", "vendorSignatureAlgorithm", WebhookConfiguration::setVendorSignatureAlgorithm),
            choice(PREFIX + "signature.encoding", "vendorSignatureEncoding", SignatureEncoding.class,
                    WebhookConfiguration::setVendorSignatureEncoding),
            text(PREFIX + "signature.prefix", "vendorSignaturePrefix", WebhookConfiguration::setVendorSignaturePrefix),
            text(PREFIX + "signature.separator", "vendorSignatureSeparator", WebhookConfiguration::setVendorSignatureSeparator),
            text(PREFIX + "signature.content", "vendorSignatureContent", WebhookConfiguration::setVendorSignatureContent),
            text(PREFIX + "signature.timestamp.header", "vendorSignatureTimestampHeader",
                    WebhookConfiguration::setVendorSignatureTimestampHeader),
            text(PREFIX + "signature.timestamp.prefix", "vendorSignatureTimestampPrefix",
                    WebhookConfiguration::setVendorSignatureTimestampPrefix),
            choice(PREFIX + "signature.timestamp.format", "vendorSignatureTimestampFormat", TimestampFormat.class,
                    WebhookConfiguration::setVendorSignatureTimestampFormat),
            text(PREFIX + "signature.id.header", "vendorSignatureIdHeader", WebhookConfiguration::setVendorSignatureIdHeader),
            choice(PREFIX + "signature.key.format", "vendorSignatureKeyFormat", KeyFormat.class,
                    WebhookConfiguration::setVendorSignatureKeyFormat),
            text(PREFIX + "signature.public.url", "vendorSignaturePublicUrl", WebhookConfiguration::setVendorSignaturePublicUrl),
            integer(PREFIX + "signature.tolerance", "vendorSignatureTolerance",
                    WebhookConfiguration::setVendorSignatureTolerance),
            text(PREFIX + "challenge.param", "challengeParam", WebhookConfiguration::setChallengeParam),
            text(PREFIX + "verify.token", "verifyToken", WebhookConfiguration::setVerifyToken),
            text(PREFIX + "challenge.field", "challengeField", WebhookConfiguration::setChallengeField),
            text(PREFIX + "challenge.condition", "challengeCondition", WebhookConfiguration::setChallengeCondition),
            integer(PREFIX + "max.body.size", "maxBodySize", WebhookConfiguration::setMaxBodySize),
            integer(PREFIX + "max.items", "maxItems", WebhookConfiguration::setMaxItems),
            text(PREFIX + "delivery.id.header", "deliveryIdHeader", WebhookConfiguration::setDeliveryIdHeader));

    private WebhookKeys() {
    }

    static Optional<ConfigKey<WebhookConfiguration>> byOption(String option) {
        return KEYS.stream().filter(k -> k.option().equals(option)).findFirst();
    }

}
