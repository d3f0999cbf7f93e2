package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Standard Webhooks signatures (standardwebhooks.com): {@code webhook-signature: v1,<Base64(HMAC-SHA256(secret,
 * id.timestamp.body))>}, with the message id and the Unix timestamp in their own headers.
 * <p>
 * A secret written {@code whsec_<base64>} is the Base64 of the key bytes, as the specification defines; any other
 * string is used as UTF-8 bytes. During key rotation a sender may put several space-separated signatures in the header:
 * one match is enough.
 */
public final class StandardWebhooksSignature {

    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    public static final String SIGNATURE_HEADER = "webhook-signature";

    private static final String VERSION_PREFIX = "v1,";

    private static final VendorSignature.Recipe RECIPE = new VendorSignature.Recipe(List.of(SIGNATURE_HEADER),
            "HmacSHA256", SignatureEncoding.base64, " ", VERSION_PREFIX, null, List.of(TIMESTAMP_HEADER),
            TimestampFormat.seconds, List.of(ID_HEADER), SignedContent.parse("{id}.{timestamp}.{body}"),
            KeyFormat.standardWebhooks);

    private final HmacSigner signer;
    private final VendorSignature verifier;

    /**
     * @throws IllegalArgumentException when a whsec_ secret is not followed by Base64
     */
    public StandardWebhooksSignature(String secret) {
        this.signer = new HmacSigner("HmacSHA256", KeyFormat.standardWebhooks.bytes(secret));
        this.verifier = new VendorSignature(RECIPE, secret, Duration.ofMinutes(5));
    }

    /** The {@code webhook-signature} value for one message. */
    public String sign(String messageId, long timestampSeconds, byte[] body) {
        return VERSION_PREFIX + Base64.getEncoder().encodeToString(mac(messageId, Long.toString(timestampSeconds), body));
    }

    /**
     * Checks the three received headers against the received body.
     *
     * @param tolerance how far the timestamp may be from {@code now}, either way
     */
    public SignatureVerdict verify(
            String messageId, String timestamp, String signatureHeader, byte[] body, Instant now, Duration tolerance) {
        Map<String, String> headers = new HashMap<>();
        headers.put(ID_HEADER, messageId);
        headers.put(TIMESTAMP_HEADER, timestamp);
        headers.put(SIGNATURE_HEADER, signatureHeader);
        return verifier.verify(new SignedRequest("POST", null, headers, body), now, tolerance);
    }

    private byte[] mac(String messageId, String timestamp, byte[] body) {
        byte[] dot = { '.' };
        return signer.sign(messageId.getBytes(StandardCharsets.UTF_8), dot, timestamp.getBytes(StandardCharsets.UTF_8),
                dot, body);
    }
}
