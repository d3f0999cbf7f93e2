package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A vendor's webhook signature, described as data and checked over the raw body: which header holds the signatures
 * and how they are written, where the timestamp and the message id come from, what content is signed and how the
 * secret becomes a key. GitHub, Shopify, Stripe, Slack, Zendesk, HubSpot and Standard Webhooks are each one
 * {@link Recipe}; so is a vendor none of them covers.
 * <p>
 * Every comparison runs in constant time; a verdict never carries the expected value.
 */
public final class VendorSignature {

    /**
     * How one vendor signs.
     *
     * @param signatureHeaders the header holding the signatures, lower case; alternatives in order (the first present is
     *                         read), e.g. {@code webhook-signature} and {@code svix-signature}
     * @param algorithm        a JCA MAC name: HmacSHA256, HmacSHA1, HmacSHA512
     * @param encoding         how each signature is written
     * @param separator        what separates several entries in the header ({@code ,} for Stripe, a space for Standard
     *                         Webhooks); {@code null} when the header holds one signature
     * @param prefix           what marks an entry as a signature and precedes it ({@code sha256=}, {@code v1=},
     *                         {@code v1,}); empty for none. With several entries, one matching signature is enough.
     * @param timestampPrefix     the prefix of the header entry that holds the timestamp ({@code t=} for Stripe), or
     *                         {@code null} when it comes in a header of its own
     * @param timestampHeaders the headers that may hold the timestamp, lower case, in order; empty when none
     * @param timestampFormat  how the timestamp is written
     * @param idHeaders        the headers that may hold the message id ({@code {id}} in the content), lower case, in
     *                         order
     * @param content          what is signed
     * @param keyFormat        how the secret becomes key bytes
     */
    public record Recipe(
            List<String> signatureHeaders, String algorithm, SignatureEncoding encoding, String separator, String prefix,
            String timestampPrefix, List<String> timestampHeaders, TimestampFormat timestampFormat, List<String> idHeaders,
            SignedContent content, KeyFormat keyFormat) {

        public Recipe {
            signatureHeaders = List.copyOf(signatureHeaders);
            timestampHeaders = List.copyOf(timestampHeaders);
            idHeaders = List.copyOf(idHeaders);
            prefix = prefix == null ? "" : prefix;
        }

        /** Whether the vendor sends a timestamp, which is then checked against the tolerance. */
        public boolean timestamped() {
            return timestampPrefix != null || !timestampHeaders.isEmpty();
        }
    }

    private final Recipe recipe;
    private final HmacSigner signer;
    private final Duration tolerance;
    private final Pattern separator;

    /**
     * @param  tolerance                how far a timestamp may be from now, either way, before the request is refused as
     *                                  a replay
     * @throws IllegalArgumentException when the algorithm is unknown or the secret cannot be a key
     */
    public VendorSignature(Recipe recipe, String secret, Duration tolerance) {
        this.recipe = recipe;
        this.signer = new HmacSigner(recipe.algorithm(), recipe.keyFormat().bytes(secret));
        this.tolerance = tolerance;
        this.separator = recipe.separator() == null || recipe.separator().isEmpty() ? null
                : Pattern.compile("(?:" + Pattern.quote(recipe.separator()) + ")+");
    }

    /** Checks a received request against this recipe and the secret, at {@code now}. */
    public SignatureVerdict verify(SignedRequest request, Instant now) {
        return verify(request, now, tolerance);
    }

    /** Checks a received request, at {@code now}, allowing its timestamp {@code tolerance} either way. */
    public SignatureVerdict verify(SignedRequest request, Instant now, Duration tolerance) {
        String header = first(request, recipe.signatureHeaders());
        if (header == null) {
            return SignatureVerdict.MISSING;
        }
        String[] entries = separator == null ? new String[] { header.trim() } : separator.split(header.trim());
        for (int i = 0; i < entries.length; i++) {
            entries[i] = entries[i].trim();
        }
        String timestamp = recipe.timestampPrefix() != null ? entry(entries, recipe.timestampPrefix())
                : first(request, recipe.timestampHeaders());
        String id = first(request, recipe.idHeaders());
        if (recipe.timestamped() && timestamp == null || recipe.content().uses("id") && id == null) {
            return SignatureVerdict.MISSING;
        }
        if (recipe.timestamped()) {
            SignatureVerdict fresh = fresh(timestamp, now, tolerance);
            if (fresh != SignatureVerdict.VALID) {
                return fresh;
            }
        }
        String signedTimestamp = timestamp;
        byte[] expected = recipe.encoding().encode(signer.sign(recipe.content().render(request.body(), part -> switch (part) {
            case "timestamp" -> signedTimestamp;
            case "id" -> id;
            case "method" -> request.method();
            case "url" -> request.url();
            default -> throw new IllegalStateException(part);
        }))).getBytes(StandardCharsets.US_ASCII);
        boolean anySignature = false;
        for (String entry : entries) {
            if (entry.regionMatches(true, 0, recipe.prefix(), 0, recipe.prefix().length())) {
                anySignature = true;
                String candidate = entry.substring(recipe.prefix().length());
                if (recipe.encoding() == SignatureEncoding.hex) {
                    candidate = candidate.toLowerCase(Locale.ROOT);
                }
                if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.US_ASCII))) {
                    return SignatureVerdict.VALID;
                }
            }
        }
        return anySignature ? SignatureVerdict.MISMATCH : SignatureVerdict.MALFORMED;
    }

    private SignatureVerdict fresh(String timestamp, Instant now, Duration tolerance) {
        Instant signedAt;
        try {
            signedAt = recipe.timestampFormat().parse(timestamp.trim());
        } catch (NumberFormatException | DateTimeException e) {
            return SignatureVerdict.MALFORMED;
        }
        return Duration.between(signedAt, now).abs().compareTo(tolerance) > 0 ? SignatureVerdict.STALE : SignatureVerdict.VALID;
    }

    private static String first(SignedRequest request, List<String> headers) {
        for (String name : headers) {
            String value = request.headers().get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String entry(String[] entries, String key) {
        for (String entry : entries) {
            if (entry.startsWith(key)) {
                return entry.substring(key.length());
            }
        }
        return null;
    }
}
