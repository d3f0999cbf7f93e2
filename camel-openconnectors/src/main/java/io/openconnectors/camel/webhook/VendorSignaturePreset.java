package io.openconnectors.camel.webhook;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

import io.openconnectors.camel.signature.KeyFormat;
import io.openconnectors.camel.signature.SignatureEncoding;
import io.openconnectors.camel.signature.TimestampFormat;

/**
 * How known vendors sign and shape their webhooks, as values of the webhook options: a preset is data over the general
 * signature options (header, encoding, signed content, timestamp), never code of its own. An option the user sets
 * wins over the preset's value.
 */
public enum VendorSignaturePreset {

    /** docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries */
    github(c -> {
        c.setVendorSignatureHeader("X-Hub-Signature-256");
        c.setVendorSignaturePrefix("sha256=");
        c.setVendorSignatureEncoding(SignatureEncoding.hex);
        c.setDeliveryIdHeader("X-GitHub-Delivery");
        c.setEventTypeHeader("X-GitHub-Event");
        c.setEventTypeField("action");
        c.setEventTypeMapping("*.opened:CREATED,*.created:CREATED,*.edited:UPDATED,*.deleted:DELETED");
    }),

    /** shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook */
    shopify(c -> {
        c.setVendorSignatureHeader("X-Shopify-Hmac-Sha256");
        c.setVendorSignatureEncoding(SignatureEncoding.base64);
        c.setDeliveryIdHeader("X-Shopify-Webhook-Id");
        c.setEventTypeHeader("X-Shopify-Topic");
        c.setEventTypeMapping("*/create:CREATED,*/update:UPDATED,*/updated:UPDATED,*/delete:DELETED");
    }),

    /** docs.stripe.com/webhooks#verify-manually */
    stripe(c -> {
        c.setVendorSignatureHeader("Stripe-Signature");
        c.setVendorSignatureSeparator(",");
        c.setVendorSignaturePrefix("v1=");
        c.setVendorSignatureTimestampPrefix("t=");
        c.setVendorSignatureContent("{timestamp}.{body}");
        c.setVendorSignatureEncoding(SignatureEncoding.hex);
        c.setVendorSignatureTolerance(300);
        c.setEventTypeField("type");
        c.setObjectIdField("data.object.id");
        c.setObjectTypeField("data.object.object");
        c.setEventDateField("created");
        c.setEventDateFormat("seconds");
        c.setEventTypeMapping("*.created:CREATED,*.updated:UPDATED,*.deleted:DELETED");
    }),

    /** api.slack.com/authentication/verifying-requests-from-slack */
    slack(c -> {
        c.setVendorSignatureHeader("X-Slack-Signature");
        c.setVendorSignaturePrefix("v0=");
        c.setVendorSignatureTimestampHeader("X-Slack-Request-Timestamp");
        c.setVendorSignatureContent("v0:{timestamp}:{body}");
        c.setVendorSignatureEncoding(SignatureEncoding.hex);
        c.setVendorSignatureTolerance(300);
        c.setChallengeField("challenge");
        c.setChallengeCondition("type=url_verification");
        c.setEventTypeField("event.type");
        c.setEventDateField("event_time");
        c.setEventDateFormat("seconds");
        c.setEventTypeMapping("*_created:CREATED,*_change:UPDATED,*_changed:UPDATED,*_rename:UPDATED,*_deleted:DELETED");
    }),

    /** developer.zendesk.com/documentation/webhooks/verifying */
    zendesk(c -> {
        c.setVendorSignatureHeader("X-Zendesk-Webhook-Signature");
        c.setVendorSignatureTimestampHeader("X-Zendesk-Webhook-Signature-Timestamp");
        c.setVendorSignatureTimestampFormat(TimestampFormat.iso8601);
        c.setVendorSignatureContent("{timestamp}{body}");
        c.setVendorSignatureEncoding(SignatureEncoding.base64);
        c.setVendorSignatureTolerance(300);
        c.setDeliveryIdHeader("X-Zendesk-Webhook-Invocation-Id");
        c.setEventTypeField("type");
        c.setObjectIdField("detail.id");
        c.setEventDateField("time");
        c.setEventTypeMapping("*.created:CREATED,*_changed:UPDATED,*.deleted:DELETED");
    }),

    /** developers.hubspot.com/docs/api/webhooks/validating-requests (v3) */
    hubspot(c -> {
        c.setVendorSignatureHeader("X-HubSpot-Signature-v3");
        c.setVendorSignatureTimestampHeader("X-HubSpot-Request-Timestamp");
        c.setVendorSignatureTimestampFormat(TimestampFormat.milliseconds);
        c.setVendorSignatureContent("{method}{url}{body}{timestamp}");
        c.setVendorSignatureEncoding(SignatureEncoding.base64);
        c.setVendorSignatureTolerance(300);
        c.setEventTypeField("subscriptionType");
        c.setObjectIdField("objectId");
        c.setEventDateField("occurredAt");
        c.setEventDateFormat("milliseconds");
        c.setEventTypeMapping("*.creation:CREATED,*.propertyChange:UPDATED,*.deletion:DELETED");
    }),

    /** standardwebhooks.com (the specification); accepts the svix-* headers too */
    standardWebhooks(VendorSignaturePreset::standardWebhooksSignature, VendorSignaturePreset::standardWebhooksPayload),

    /** docs.svix.com/receiving/verifying-payloads/how-manual; the same as standardWebhooks */
    svix(VendorSignaturePreset::standardWebhooksSignature, VendorSignaturePreset::standardWebhooksPayload);

    private final WebhookConfiguration defaults = new WebhookConfiguration();

    @SafeVarargs
    VendorSignaturePreset(Consumer<WebhookConfiguration>... values) {
        for (Consumer<WebhookConfiguration> value : values) {
            value.accept(defaults);
        }
    }

    /** The Standard Webhooks signature, in either header family; also what vendorSignatureScheme=standardWebhooks sets. */
    static void standardWebhooksSignature(WebhookConfiguration c) {
        c.setVendorSignatureHeader("webhook-signature,svix-signature");
        c.setVendorSignatureSeparator(" ");
        c.setVendorSignaturePrefix("v1,");
        c.setVendorSignatureTimestampHeader("webhook-timestamp,svix-timestamp");
        c.setVendorSignatureIdHeader("webhook-id,svix-id");
        c.setVendorSignatureContent("{id}.{timestamp}.{body}");
        c.setVendorSignatureEncoding(SignatureEncoding.base64);
        c.setVendorSignatureKeyFormat(KeyFormat.standardWebhooks);
        c.setVendorSignatureTolerance(300);
        c.setDeliveryIdHeader("webhook-id,svix-id");
    }

    private static void standardWebhooksPayload(WebhookConfiguration c) {
        c.setEventTypeField("type");
        c.setObjectIdField("data.id");
        c.setEventDateField("timestamp");
        c.setEventTypeMapping("*.created:CREATED,*.updated:UPDATED,*.deleted:DELETED");
    }

    /** A copy of the preset's values. */
    WebhookConfiguration defaults() {
        return defaults.copy();
    }

    /** {@code config} with this preset's value in every option it leaves unset; {@code config} itself is not changed. */
    WebhookConfiguration under(WebhookConfiguration config) {
        return fill(config, defaults);
    }

    /** {@code config} with the values of {@code defaults} wherever it has none. */
    static WebhookConfiguration fill(WebhookConfiguration config, WebhookConfiguration defaults) {
        WebhookConfiguration c = config.copy();
        fill(c, defaults, WebhookConfiguration::getDeliveryIdHeader, WebhookConfiguration::setDeliveryIdHeader);
        fill(c, defaults, WebhookConfiguration::getObjectIdField, WebhookConfiguration::setObjectIdField);
        fill(c, defaults, WebhookConfiguration::getObjectTypeField, WebhookConfiguration::setObjectTypeField);
        fill(c, defaults, WebhookConfiguration::getEventTypeHeader, WebhookConfiguration::setEventTypeHeader);
        fill(c, defaults, WebhookConfiguration::getEventTypeField, WebhookConfiguration::setEventTypeField);
        fill(c, defaults, WebhookConfiguration::getEventTypeMapping, WebhookConfiguration::setEventTypeMapping);
        fill(c, defaults, WebhookConfiguration::getEventDateField, WebhookConfiguration::setEventDateField);
        fill(c, defaults, WebhookConfiguration::getEventDateFormat, WebhookConfiguration::setEventDateFormat);
        fill(c, defaults, WebhookConfiguration::getChallengeField, WebhookConfiguration::setChallengeField);
        fill(c, defaults, WebhookConfiguration::getChallengeCondition, WebhookConfiguration::setChallengeCondition);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureHeader, WebhookConfiguration::setVendorSignatureHeader);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureAlgorithm, WebhookConfiguration::setVendorSignatureAlgorithm);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureEncoding, WebhookConfiguration::setVendorSignatureEncoding);
        fill(c, defaults, WebhookConfiguration::getVendorSignaturePrefix, WebhookConfiguration::setVendorSignaturePrefix);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureSeparator, WebhookConfiguration::setVendorSignatureSeparator);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureContent, WebhookConfiguration::setVendorSignatureContent);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureTimestampHeader,
                WebhookConfiguration::setVendorSignatureTimestampHeader);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureTimestampPrefix,
                WebhookConfiguration::setVendorSignatureTimestampPrefix);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureTimestampFormat,
                WebhookConfiguration::setVendorSignatureTimestampFormat);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureIdHeader, WebhookConfiguration::setVendorSignatureIdHeader);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureKeyFormat, WebhookConfiguration::setVendorSignatureKeyFormat);
        fill(c, defaults, WebhookConfiguration::getVendorSignatureTolerance, WebhookConfiguration::setVendorSignatureTolerance);
        return c;
    }

    private static <T> void fill(WebhookConfiguration target, WebhookConfiguration defaults,
                                 Function<WebhookConfiguration, T> getter, BiConsumer<WebhookConfiguration, T> setter) {
        if (getter.apply(target) == null && getter.apply(defaults) != null) {
            setter.accept(target, getter.apply(defaults));
        }
    }
}
