package io.openconnectors.camel.signature;

import java.util.Base64;
import java.util.HexFormat;

/**
 * How a MAC is written in a header.
 */
public enum SignatureEncoding {
    /** Lower-case hexadecimal, as GitHub and Stripe write it (upper case is accepted when verifying). */
    hex {
        @Override
        String encode(byte[] mac) {
            return HexFormat.of().formatHex(mac);
        }
    },
    /** Standard Base64 with padding, as Shopify and Open Connectors write it. */
    base64 {
        @Override
        String encode(byte[] mac) {
            return Base64.getEncoder().encodeToString(mac);
        }
    };

    abstract String encode(byte[] mac);
}
