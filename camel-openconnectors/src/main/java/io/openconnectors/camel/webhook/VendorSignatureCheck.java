package io.openconnectors.camel.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.signature.HeaderSignature;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.signature.StandardWebhooksSignature;

/**
 * Checks a webhook's signature over the raw body bytes, the way the vendor signs: one HMAC header, or Standard
 * Webhooks.
 */
@FunctionalInterface
interface VendorSignatureCheck {

    /**
     * @param headers the request headers, names in lower case
     */
    SignatureVerdict verify(Map<String, String> headers, byte[] body);

    /**
     * The check the options describe, or {@code null} when nothing is to be checked.
     *
     * @throws IllegalArgumentException naming the option when the settings cannot work
     */
    static VendorSignatureCheck of(WebhookConfiguration config, Clock clock) {
        VendorSignatureScheme scheme = config.getVendorSignatureScheme() != null
                ? config.getVendorSignatureScheme()
                : config.getVendorSignatureHeader() != null ? VendorSignatureScheme.hmac : VendorSignatureScheme.none;
        if (scheme == VendorSignatureScheme.none) {
            return null;
        }
        String secret = config.getVendorSignatureSecret();
        if (secret == null || secret.isEmpty()) {
            throw new InvalidOptionException("vendorSignatureSecret", "is required when the vendor signs (" + scheme + ")");
        }
        if (scheme == VendorSignatureScheme.standardWebhooks) {
            StandardWebhooksSignature standard = new StandardWebhooksSignature(secret);
            Duration tolerance = Duration.ofSeconds(config.getVendorSignatureTolerance());
            return (headers, body) -> standard.verify(headers.get(StandardWebhooksSignature.ID_HEADER),
                    headers.get(StandardWebhooksSignature.TIMESTAMP_HEADER),
                    headers.get(StandardWebhooksSignature.SIGNATURE_HEADER), body, clock.instant(), tolerance);
        }
        if (config.getVendorSignatureHeader() == null) {
            throw new InvalidOptionException("vendorSignatureHeader", "is required when vendorSignatureScheme is hmac");
        }
        String header = config.getVendorSignatureHeader().toLowerCase(Locale.ROOT);
        HeaderSignature signature;
        try {
            signature = new HeaderSignature(config.getVendorSignatureAlgorithm(), config.getVendorSignatureEncoding(),
                    config.getVendorSignaturePrefix(), secret);
        } catch (IllegalArgumentException e) {
            throw new InvalidOptionException("vendorSignatureAlgorithm", e.getMessage(), e);
        }
        return (headers, body) -> signature.verify(headers.get(header), body);
    }
}
