package io.openconnectors.camel.signature;

/**
 * The outcome of checking a signed request. Only {@link #VALID} lets it through; the others say why not, for logs and
 * 401 answers (never with the expected value).
 */
public enum SignatureVerdict {
    VALID("signature valid"),
    MISSING("signature header missing"),
    MALFORMED("signature header malformed"),
    STALE("timestamp outside the tolerance"),
    MISMATCH("signature does not match");

    private final String reason;

    SignatureVerdict(String reason) {
        this.reason = reason;
    }

    public boolean isValid() {
        return this == VALID;
    }

    public String reason() {
        return reason;
    }
}
