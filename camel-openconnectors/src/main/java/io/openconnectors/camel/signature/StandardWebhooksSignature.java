package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

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

    private final HmacSigner signer;

    public StandardWebhooksSignature(String secret) {
        this.signer = new HmacSigner("HmacSHA256", KeyFormat.standardWebhooks.bytes(secret));
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
        if (isBlank(messageId) || isBlank(timestamp) || isBlank(signatureHeader)) {
            return SignatureVerdict.MISSING;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return SignatureVerdict.MALFORMED;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > tolerance.toSeconds()) {
            return SignatureVerdict.STALE;
        }
        byte[] expected = Base64.getEncoder().encode(mac(messageId, timestamp.trim(), body));
        boolean anyVersioned = false;
        for (String candidate : signatureHeader.trim().split(" +")) {
            if (candidate.startsWith(VERSION_PREFIX)) {
                anyVersioned = true;
                byte[] actual = candidate.substring(VERSION_PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
                if (MessageDigest.isEqual(expected, actual)) {
                    return SignatureVerdict.VALID;
                }
            }
        }
        return anyVersioned ? SignatureVerdict.MISMATCH : SignatureVerdict.MALFORMED;
    }

    private byte[] mac(String messageId, String timestamp, byte[] body) {
        byte[] dot = { '.' };
        return signer.sign(messageId.getBytes(StandardCharsets.UTF_8), dot, timestamp.getBytes(StandardCharsets.UTF_8),
                dot, body);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
