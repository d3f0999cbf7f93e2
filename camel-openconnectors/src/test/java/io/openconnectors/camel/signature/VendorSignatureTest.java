package io.openconnectors.camel.signature;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The general mechanism under the presets: signed-content templates and header parsing, without a server. */
class VendorSignatureTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final byte[] BODY = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aTemplateNamesOnlyPartsOfTheRequestAndAlwaysSignsTheBody() {
        assertThat(SignedContent.parse("v0:{timestamp}:{body}").uses("timestamp")).isTrue();
        assertThat(SignedContent.parse("{body}").uses("timestamp")).isFalse();
        assertThatThrownBy(() -> SignedContent.parse("{timestamp}.{payload}"))
                .hasMessage("'{payload}' in '{timestamp}.{payload}' is not a part of the request: use {body}, {timestamp},"
                            + " {id}, {method} or {url}");
        assertThatThrownBy(() -> SignedContent.parse("{timestamp}.{body")).hasMessage("'.{body' has a brace that opens or"
                                                                                   + " closes no {part}");
        assertThatThrownBy(() -> SignedContent.parse("{timestamp}")).hasMessage("'{timestamp}' does not sign the {body}");
    }

    @Test
    void aSignedUrlCarriesTheReservedCharactersItsQueryEscapedPlainly() throws Exception {
        VendorSignature hubspotLike = new VendorSignature(new VendorSignature.Recipe(List.of("x-sig"), "HmacSHA256",
                SignatureEncoding.base64, null, "", null, List.of("x-ts"), TimestampFormat.milliseconds, List.of(),
                SignedContent.parse("{method}{url}{body}{timestamp}"), KeyFormat.text), "secret", Duration.ofMinutes(5));
        String ts = Long.toString(NOW.toEpochMilli());
        String signed = "POST" + "https://hooks.example.com/in?next=a:b/c&name=J%20D(1)" + new String(BODY, StandardCharsets.UTF_8) + ts;

        SignedRequest request = new SignedRequest("POST", "https://hooks.example.com/in?next=a%3Ab%2Fc&name=J%20D%281%29",
                Map.of("x-sig", base64Hmac("secret", signed), "x-ts", ts), BODY);

        assertThat(hubspotLike.verify(request, NOW)).isEqualTo(SignatureVerdict.VALID);
    }

    @Test
    void withSeveralEntriesOneMatchingSignatureIsEnoughAndTheTimestampEntryIsChecked() throws Exception {
        VendorSignature stripeLike = new VendorSignature(new VendorSignature.Recipe(List.of("stripe-signature"),
                "HmacSHA256", SignatureEncoding.hex, ",", "v1=", "t=", List.of(), TimestampFormat.seconds, List.of(),
                SignedContent.parse("{timestamp}.{body}"), KeyFormat.text), "whsec_abc", Duration.ofMinutes(5));
        long t = NOW.getEpochSecond();
        String good = hexHmac("whsec_abc", t + "." + new String(BODY, StandardCharsets.UTF_8));

        assertThat(stripeLike.verify(stripe("t=" + t + ",v1=" + "00".repeat(32) + ",V1=" + good.toUpperCase() + ",v0=x"), NOW))
                .isEqualTo(SignatureVerdict.VALID);
        assertThat(stripeLike.verify(stripe("t=" + (t - 301) + ",v1=" + good), NOW)).isEqualTo(SignatureVerdict.STALE);
        assertThat(stripeLike.verify(stripe("t=soon,v1=" + good), NOW)).isEqualTo(SignatureVerdict.MALFORMED);
        assertThat(stripeLike.verify(stripe("v1=" + good), NOW)).isEqualTo(SignatureVerdict.MISSING);
        assertThat(stripeLike.verify(stripe("t=" + t + ",v0=" + good), NOW)).isEqualTo(SignatureVerdict.MALFORMED);
        assertThat(stripeLike.verify(stripe("t=" + t + ",v1=" + "00".repeat(32)), NOW)).isEqualTo(SignatureVerdict.MISMATCH);
    }

    @Test
    void timestampsNoClockCanHoldAreRefusedNotThrown() throws Exception {
        VendorSignature stripeLike = new VendorSignature(new VendorSignature.Recipe(List.of("stripe-signature"),
                "HmacSHA256", SignatureEncoding.hex, ",", "v1=", "t=", List.of(), TimestampFormat.seconds, List.of(),
                SignedContent.parse("{timestamp}.{body}"), KeyFormat.text), "k", Duration.ofMinutes(5));
        String t = Long.toString(NOW.getEpochSecond());
        String good = hexHmac("k", t + "." + new String(BODY, StandardCharsets.UTF_8));

        for (String huge : List.of(Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "99999999999999999999",
                "+" + t + "0000000000")) {
            assertThat(stripeLike.verify(stripe("t=" + huge + ",v1=" + good), NOW)).as(huge)
                    .isIn(SignatureVerdict.MALFORMED, SignatureVerdict.STALE);
        }
        assertThat(stripeLike.verify(stripe("t=" + t + ", v1=" + good), NOW)).as("a space after the comma")
                .isEqualTo(SignatureVerdict.VALID);
    }

    private static SignedRequest stripe(String header) {
        return new SignedRequest("POST", null, Map.of("stripe-signature", header), BODY);
    }

    private static byte[] hmac(String key, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String base64Hmac(String key, String content) throws Exception {
        return Base64.getEncoder().encodeToString(hmac(key, content));
    }

    private static String hexHmac(String key, String content) throws Exception {
        return HexFormat.of().formatHex(hmac(key, content));
    }
}
