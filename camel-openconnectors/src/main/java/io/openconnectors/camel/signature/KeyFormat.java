package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How the secret a vendor hands out becomes HMAC key bytes.
 */
public enum KeyFormat {
    /** The secret's UTF-8 bytes, whatever it looks like: GitHub, Shopify, Slack, Stripe (whose whsec_ is part of it). */
    text {
        @Override
        public byte[] bytes(String secret) {
            return secret.getBytes(StandardCharsets.UTF_8);
        }
    },
    /**
     * Standard Webhooks: a secret written {@code whsec_<base64>} is the Base64 of the key bytes; any other string is
     * used as UTF-8 bytes.
     */
    standardWebhooks {
        @Override
        public byte[] bytes(String secret) {
            if (!secret.startsWith(WHSEC)) {
                return text.bytes(secret);
            }
            try {
                return Base64.getDecoder().decode(secret.substring(WHSEC.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("A whsec_ secret must be followed by Base64", e);
            }
        }
    };

    private static final String WHSEC = "whsec_";

    /**
     * @throws IllegalArgumentException when the secret is not written this way
     */
    public abstract byte[] bytes(String secret);
}
