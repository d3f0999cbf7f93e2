package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.HeaderSignature;
import io.openconnectors.camel.signature.StandardWebhooksSignature;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Signs each callback in the configured style, with the current key and, while a key rotation lasts, with the
 * previous key beside it: a receiver that still holds the previous key finds its signature among the values
 * ({@code Elements-Webhook-Signature: sha256=<current>, sha256=<previous>}; {@code webhook-signature: v1,<current>
 * v1,<previous>}, as Standard Webhooks defines for rotation). Thread-safe.
 */
public final class CallbackSigner {

    private final SignatureStyle style;
    private final List<HeaderSignature> elements;
    private final List<StandardWebhooksSignature> standard;
    /** Until when the last key of each list signs too; {@code null} when there is no previous key. */
    private final Instant previousUntil;
    private final Clock clock;
    /** What the signatures depend on: two signers with the same identity sign alike. */
    private final Object identity;

    private CallbackSigner(SignatureStyle style, List<String> keys, Instant previousUntil, Clock clock) {
        this.style = style;
        boolean elementsStyle = style != SignatureStyle.standardWebhooks;
        boolean standardStyle = style != SignatureStyle.elements;
        this.elements = elementsStyle ? keys.stream().map(ElementsSignature::of).toList() : List.of();
        this.standard = standardStyle ? keys.stream().map(StandardWebhooksSignature::new).toList() : List.of();
        this.previousUntil = previousUntil;
        this.clock = clock;
        this.identity = Arrays.asList(style, keys, previousUntil);
    }

    /**
     * The signer the callback options describe.
     *
     * @throws InvalidOptionException naming the option when the previous key and its end do not go together
     */
    public static CallbackSigner of(CallbackConfiguration config, Clock clock) {
        String secret = emptyToNull(config.getSignatureSecret());
        String previous = emptyToNull(config.getSignaturePreviousSecret());
        String until = emptyToNull(config.getSignaturePreviousUntil());
        List<String> keys = new ArrayList<>();
        if (secret != null) {
            keys.add(secret);
        }
        if (previous == null) {
            if (until != null) {
                throw new InvalidOptionException("signaturePreviousUntil", "is set, but signaturePreviousSecret is not");
            }
            return signer(config.getSignatureStyle(), keys, null, clock);
        }
        if (secret == null) {
            throw new InvalidOptionException("signaturePreviousSecret", "needs signatureSecret, the key that replaces it");
        }
        if (until == null) {
            throw new InvalidOptionException("signaturePreviousUntil",
                    "is required with signaturePreviousSecret: when the previous key stops signing (ISO-8601, e.g."
                                                                       + " 2026-12-31T00:00:00Z)");
        }
        Instant end;
        try {
            end = Instant.parse(until);
        } catch (DateTimeParseException e) {
            throw new InvalidOptionException("signaturePreviousUntil", "'" + until
                                                                       + "' is not an ISO-8601 instant such as 2026-12-31T00:00:00Z", e);
        }
        keys.add(previous);
        return signer(config.getSignatureStyle(), keys, end, clock);
    }

    /** A signer, or the option whose key cannot be one (a whsec_ key that is not Base64), never showing the key. */
    private static CallbackSigner signer(SignatureStyle style, List<String> keys, Instant previousUntil, Clock clock) {
        for (int i = 0; i < keys.size(); i++) {
            try {
                if (style != SignatureStyle.elements) {
                    new StandardWebhooksSignature(keys.get(i)); // a whsec_ key must be Base64 there
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidOptionException(i == 0 ? "signatureSecret" : "signaturePreviousSecret", e.getMessage(), e);
            }
        }
        return new CallbackSigner(style, keys, previousUntil, clock);
    }

    /** Puts the id and signature headers of {@code body} on the request. */
    void sign(HttpRequest request, String eventId, byte[] body) {
        request.setHeader(ElementsSignature.ID_HEADER, eventId);
        int keys = activeKeys();
        if (!elements.isEmpty()) {
            request.setHeader(ElementsSignature.HEADER, elements.stream().limit(keys)
                    .map(signature -> signature.sign(body)).collect(Collectors.joining(", ")));
        }
        if (style != SignatureStyle.elements) {
            long timestamp = clock.instant().getEpochSecond();
            request.setHeader(StandardWebhooksSignature.ID_HEADER, eventId);
            request.setHeader(StandardWebhooksSignature.TIMESTAMP_HEADER, Long.toString(timestamp));
            if (!standard.isEmpty()) {
                request.setHeader(StandardWebhooksSignature.SIGNATURE_HEADER, standard.stream().limit(keys)
                        .map(signature -> signature.sign(eventId, timestamp, body)).collect(Collectors.joining(" ")));
            }
        }
    }

    /** How many keys sign now: all of them while the rotation lasts, else the current one. */
    private int activeKeys() {
        return previousUntil != null && clock.instant().isBefore(previousUntil) ? 2 : 1;
    }

    boolean signsLike(CallbackSigner other) {
        return identity.equals(other.identity);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
