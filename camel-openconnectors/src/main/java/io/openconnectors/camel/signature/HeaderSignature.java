package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * An HMAC of the raw body in one header, the way most vendors sign webhooks: {@code <prefix><encoded MAC>}, e.g.
 * GitHub's {@code X-Hub-Signature-256: sha256=<hex>} or Shopify's {@code X-Shopify-Hmac-Sha256: <Base64>}.
 * Verification compares in constant time.
 */
public final class HeaderSignature {

    private final HmacSigner signer;
    private final SignatureEncoding encoding;
    private final String prefix;

    /**
     * @param algorithm a JCA MAC name: HmacSHA256, HmacSHA1, HmacSHA512
     * @param prefix    what precedes the MAC in the header, e.g. {@code sha256=}; empty for none
     */
    public HeaderSignature(String algorithm, SignatureEncoding encoding, String prefix, String key) {
        this.signer = new HmacSigner(algorithm, key.getBytes(StandardCharsets.UTF_8));
        this.encoding = encoding;
        this.prefix = prefix == null ? "" : prefix;
    }

    /** The header value for {@code body}. */
    public String sign(byte[] body) {
        return prefix + encoding.encode(signer.sign(body));
    }

    /**
     * Checks a received header value against the received body. A value that lists several signatures, separated by
     * commas (a sender rotating its key signs with both), is valid when one of them matches.
     */
    public SignatureVerdict verify(String headerValue, byte[] body) {
        if (headerValue == null || headerValue.isBlank()) {
            return SignatureVerdict.MISSING;
        }
        byte[] expected = encoding.encode(signer.sign(body)).getBytes(StandardCharsets.US_ASCII);
        SignatureVerdict verdict = SignatureVerdict.MALFORMED;
        for (String listed : headerValue.split(",")) {
            String value = listed.trim();
            if (value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                String mac = value.substring(prefix.length());
                if (encoding == SignatureEncoding.hex) {
                    mac = mac.toLowerCase(Locale.ROOT);
                }
                if (MessageDigest.isEqual(expected, mac.getBytes(StandardCharsets.US_ASCII))) {
                    return SignatureVerdict.VALID;
                }
                verdict = SignatureVerdict.MISMATCH;
            }
        }
        return verdict;
    }
}
