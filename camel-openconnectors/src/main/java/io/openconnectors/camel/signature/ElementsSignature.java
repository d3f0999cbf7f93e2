package io.openconnectors.camel.signature;

/**
 * The Open Connectors callback signature: {@code Elements-Webhook-Signature: sha256=<Base64(HMAC-SHA256(key, body))>},
 * computed over the exact body bytes.
 * <p>
 * Receivers verify with the same key: {@code ElementsSignature.of(key).verify(header, body)}.
 */
public final class ElementsSignature {

    public static final String HEADER = "Elements-Webhook-Signature";
    public static final String ID_HEADER = "Elements-Webhook-Id";

    private ElementsSignature() {
    }

    public static HeaderSignature of(String key) {
        return new HeaderSignature("HmacSHA256", SignatureEncoding.base64, "sha256=", key);
    }
}
