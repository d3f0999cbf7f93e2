package io.openconnectors.camel.callback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.svix.Webhook;
import com.svix.exceptions.WebhookVerificationException;
import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.SignatureVerdict;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.Header;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Callback signatures per style, and a key rotation: the previous key signs beside the current one until its end,
 * checked by receivers holding either key (Svix's own {@code Webhook.verify} for Standard Webhooks).
 */
class CallbackSignerTest {

    private static final String NEW_KEY = "whsec_" + Base64.getEncoder().encodeToString(
            "the-new-32-byte-key-for-callback".getBytes(StandardCharsets.UTF_8));
    private static final String OLD_KEY = "whsec_" + Base64.getEncoder().encodeToString(
            "the-old-32-byte-key-for-callback".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_KEY = "whsec_" + Base64.getEncoder().encodeToString(
            "somebody-else's-32-byte-key-here".getBytes(StandardCharsets.UTF_8));
    private static final String BODY = "{\"message\":{\"events\":[]}}";
    private static final Instant ROTATION_ENDS = Instant.parse("2026-12-31T00:00:00Z");

    private static CallbackConfiguration rotating(SignatureStyle style) {
        CallbackConfiguration config = new CallbackConfiguration();
        config.setSignatureStyle(style);
        config.setSignatureSecret(NEW_KEY);
        config.setSignaturePreviousSecret(OLD_KEY);
        config.setSignaturePreviousUntil(ROTATION_ENDS.toString());
        return config;
    }

    private static HttpPost signedAt(CallbackConfiguration config, Instant now) {
        HttpPost post = new HttpPost("http://127.0.0.1/callback");
        CallbackSigner.of(config, Clock.fixed(now, ZoneOffset.UTC))
                .sign(post, "evt-1", BODY.getBytes(StandardCharsets.UTF_8));
        return post;
    }

    @Test
    void duringARotationStandardWebhooksReceiversWithEitherKeyVerifyWithSvix() throws Exception {
        Instant now = Instant.now();
        CallbackConfiguration config = rotating(SignatureStyle.standardWebhooks);
        config.setSignaturePreviousUntil(now.plusSeconds(3600).toString());
        HttpPost post = signedAt(config, now);

        Map<String, List<String>> headers = headers(post);
        new Webhook(NEW_KEY).verify(BODY, headers);
        new Webhook(OLD_KEY).verify(BODY, headers);
        assertThatThrownBy(() -> new Webhook(OTHER_KEY).verify(BODY, headers))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(post.getFirstHeader("webhook-signature").getValue().split(" ")).hasSize(2);
        assertThat(post.getFirstHeader(ElementsSignature.HEADER)).as("standardWebhooks style only").isNull();
    }

    @Test
    void afterTheRotationEndsOnlyTheCurrentKeySigns() throws Exception {
        Instant now = Instant.now();
        CallbackConfiguration config = rotating(SignatureStyle.both);
        config.setSignaturePreviousUntil(now.minusSeconds(1).toString());
        HttpPost post = signedAt(config, now);

        new Webhook(NEW_KEY).verify(BODY, headers(post));
        assertThatThrownBy(() -> new Webhook(OLD_KEY).verify(BODY, headers(post)))
                .isInstanceOf(WebhookVerificationException.class);
        assertThat(post.getFirstHeader("webhook-signature").getValue().split(" ")).hasSize(1);
        assertThat(ElementsSignature.of(OLD_KEY).verify(post.getFirstHeader(ElementsSignature.HEADER).getValue(),
                BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(SignatureVerdict.MISMATCH);
    }

    @Test
    void duringARotationTheElementsHeaderListsBothSignaturesAndEitherKeyVerifies() {
        HttpPost post = signedAt(rotating(SignatureStyle.elements), ROTATION_ENDS.minusSeconds(60));
        String header = post.getFirstHeader(ElementsSignature.HEADER).getValue();
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(header).matches("sha256=[A-Za-z0-9+/=]+, sha256=[A-Za-z0-9+/=]+");
        assertThat(header).startsWith(ElementsSignature.of(NEW_KEY).sign(body));
        assertThat(ElementsSignature.of(NEW_KEY).verify(header, body)).isEqualTo(SignatureVerdict.VALID);
        assertThat(ElementsSignature.of(OLD_KEY).verify(header, body)).isEqualTo(SignatureVerdict.VALID);
        assertThat(ElementsSignature.of(OTHER_KEY).verify(header, body)).isEqualTo(SignatureVerdict.MISMATCH);
        assertThat(post.getFirstHeader("webhook-signature")).as("elements style only").isNull();
    }

    @Test
    void withoutARotationEachStyleSendsOneSignature() {
        CallbackConfiguration config = new CallbackConfiguration();
        config.setSignatureSecret(NEW_KEY);
        config.setSignatureStyle(SignatureStyle.both);
        HttpPost post = signedAt(config, ROTATION_ENDS);

        assertThat(post.getFirstHeader(ElementsSignature.HEADER).getValue()).doesNotContain(",");
        assertThat(post.getFirstHeader("webhook-signature").getValue()).doesNotContain(" ");
        assertThat(post.getFirstHeader("Elements-Webhook-Id").getValue()).isEqualTo("evt-1");
        assertThat(post.getFirstHeader("webhook-id").getValue()).isEqualTo("evt-1");
    }

    @Test
    void aPreviousKeyNeedsItsEndAndTheKeyThatReplacesIt() {
        CallbackConfiguration noEnd = rotating(SignatureStyle.elements);
        noEnd.setSignaturePreviousUntil(null);
        CallbackConfiguration badEnd = rotating(SignatureStyle.elements);
        badEnd.setSignaturePreviousUntil("next tuesday");
        CallbackConfiguration noCurrent = rotating(SignatureStyle.elements);
        noCurrent.setSignatureSecret(null);
        CallbackConfiguration endAlone = new CallbackConfiguration();
        endAlone.setSignatureSecret(NEW_KEY);
        endAlone.setSignaturePreviousUntil(ROTATION_ENDS.toString());

        assertThatThrownBy(() -> CallbackSigner.of(noEnd, Clock.systemUTC())).isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith("signaturePreviousUntil: is required with signaturePreviousSecret");
        assertThatThrownBy(() -> CallbackSigner.of(badEnd, Clock.systemUTC()))
                .hasMessage("signaturePreviousUntil: 'next tuesday' is not an ISO-8601 instant such as 2026-12-31T00:00:00Z");
        assertThatThrownBy(() -> CallbackSigner.of(noCurrent, Clock.systemUTC()))
                .hasMessage("signaturePreviousSecret: needs signatureSecret, the key that replaces it");
        assertThatThrownBy(() -> CallbackSigner.of(endAlone, Clock.systemUTC()))
                .hasMessage("signaturePreviousUntil: is set, but signaturePreviousSecret is not");
    }

    @Test
    void aKeyThatCannotSignIsNamedWithoutBeingShown() {
        CallbackConfiguration badPrevious = rotating(SignatureStyle.both);
        badPrevious.setSignaturePreviousSecret("whsec_!!not-base64!!");
        CallbackConfiguration elementsOnly = rotating(SignatureStyle.elements);
        elementsOnly.setSignaturePreviousSecret("whsec_!!not-base64!!");

        assertThatThrownBy(() -> CallbackSigner.of(badPrevious, Clock.systemUTC())).isInstanceOf(InvalidOptionException.class)
                .hasMessage("signaturePreviousSecret: A whsec_ secret must be followed by Base64");
        assertThat(CallbackSigner.of(elementsOnly, Clock.systemUTC())).as("an Elements key is any text").isNotNull();
    }

    /** The request's headers as a receiver's framework hands them over: lower-case names, values as sent. */
    private static Map<String, List<String>> headers(HttpPost post) {
        return Arrays.stream(post.getHeaders()).collect(Collectors.groupingBy(
                h -> h.getName().toLowerCase(java.util.Locale.ROOT), Collectors.mapping(Header::getValue, Collectors.toList())));
    }
}
