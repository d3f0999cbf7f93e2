package io.openconnectors.camel.signature;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC over byte arrays with one key, safe to share between threads.
 * <p>
 * Each thread keeps its own initialised {@link Mac}: {@code Mac.getInstance} and {@code init} per message cost more
 * than the HMAC of a small body.
 */
public final class HmacSigner {

    private final ThreadLocal<Mac> macs;

    /**
     * @param  algorithm                a JCA MAC name such as {@code HmacSHA256}
     * @param  key                      the secret key bytes
     * @throws IllegalArgumentException when the algorithm is unknown or the key unusable
     */
    public HmacSigner(String algorithm, byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("HMAC key must not be empty");
        }
        SecretKeySpec spec = new SecretKeySpec(key, algorithm);
        newMac(spec); // fail fast on a bad algorithm or key
        this.macs = ThreadLocal.withInitial(() -> newMac(spec));
    }

    /** The MAC of the concatenation of {@code parts}. */
    public byte[] sign(byte[]... parts) {
        Mac mac = macs.get();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    private static Mac newMac(SecretKeySpec spec) {
        try {
            Mac mac = Mac.getInstance(spec.getAlgorithm());
            mac.init(spec);
            return mac;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Unknown HMAC algorithm: " + spec.getAlgorithm(), e);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("Unusable HMAC key for " + spec.getAlgorithm(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
