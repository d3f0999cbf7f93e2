package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An HMAC of the raw body in one header, the way most vendors sign webhooks: {@code <prefix><encoded MAC>}, e.g.
 * GitHub's {@code X-Hub-Signature-256: sha256=<hex>} or Shopify's {@code X-Shopify-Hmac-Sha256: <Base64>}.
 * Verification compares in constant time.
 */
public final class HeaderSignature {

    /** The name the verifier reads the value under: any would do. */
    private static final String HEADER = "signature";

    private final HmacSigner signer;
    private final SignatureEncoding encoding;
    private final String prefix;
    private final VendorSignature verifier;

    /**
     * @param algorithm a JCA MAC name: HmacSHA256, HmacSHA1, HmacSHA512
     * @param prefix    what precedes the MAC in the header, e.g. {@code sha256=}; empty for none
     */
    public HeaderSignature(String algorithm, SignatureEncoding encoding, String prefix, String key) {
        this.signer = new HmacSigner(algorithm, key.getBytes(StandardCharsets.UTF_8));
        this.encoding = encoding;
        this.prefix = prefix == null ? "" : prefix;
        this.verifier = new VendorSignature(new VendorSignature.Recipe(List.of(HEADER), algorithm, encoding, ",", this.prefix,
                null, List.of(), TimestampFormat.seconds, List.of(), SignedContent.parse("{body}"), KeyFormat.text), key,
                Duration.ZERO);
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
        if (headerValue == null) {
            return SignatureVerdict.MISSING;
        }
        return verifier.verify(new SignedRequest("POST", null, Map.of(HEADER, headerValue), body), Instant.EPOCH);
    }
}
