package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The Open Connectors callback signature: {@code Elements-Webhook-Signature: sha256=<Base64(HMAC-SHA256(key, body))>},
 * computed over the exact body bytes.
 * <p>
 * Receivers verify with the same key: {@code new ElementsSignature(key).verify(header, body)}.
 */
public final class ElementsSignature {

    public static final String HEADER = "Elements-Webhook-Signature";
    public static final String ID_HEADER = "Elements-Webhook-Id";

    private static final String PREFIX = "sha256=";

    private final HmacSigner signer;

    public ElementsSignature(String key) {
        this.signer = new HmacSigner("HmacSHA256", key.getBytes(StandardCharsets.UTF_8));
    }

    /** The header value for {@code body}. */
    public String sign(byte[] body) {
        return PREFIX + Base64.getEncoder().encodeToString(signer.sign(body));
    }

    /** Checks a received header value against the received body, in constant time. */
    public SignatureVerdict verify(String headerValue, byte[] body) {
        if (headerValue == null || headerValue.isBlank()) {
            return SignatureVerdict.MISSING;
        }
        if (!headerValue.startsWith(PREFIX)) {
            return SignatureVerdict.MALFORMED;
        }
        byte[] expected = sign(body).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = headerValue.trim().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual) ? SignatureVerdict.VALID : SignatureVerdict.MISMATCH;
    }
}
