package io.openconnectors.camel;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.openconnectors.camel.webhook.VendorSignaturePreset;
import io.openconnectors.camel.webhook.VendorSignatureScheme;
import io.openconnectors.camel.webhook.WebhookConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vendor signatures, computed here with the JDK alone: accepted when right, 401 with nothing emitted otherwise.
 */
class WebhookSignatureTest extends WebhookTestSupport {

    private static final String BODY = "{\"action\":\"opened\",\"id\":\"42\"}";

    @Test
    void githubStyleHexWithPrefix() throws Exception {
        startRoute("openconnectors:webhook:github?objectIdField=id&vendorSignatureHeader=X-Hub-Signature-256"
                   + "&vendorSignaturePrefix=sha256=&vendorSignatureSecret=RAW(gh-secret)");
        String good = "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", "gh-secret", BODY));

        assertThat(post("/events/github", BODY, Map.of("X-Hub-Signature-256", good)).statusCode()).isEqualTo(200);
        assertThat(post("/events/github", BODY, Map.of("X-Hub-Signature-256", good.toUpperCase().replace("SHA256=", "sha256=")))
                .statusCode()).as("hex in upper case").isEqualTo(200);
        assertRefused(post("/events/github", BODY, Map.of("X-Hub-Signature-256",
                "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", "wrong", BODY)))), "signature does not match");
        assertRefused(post("/events/github", BODY.replace("42", "43"), Map.of("X-Hub-Signature-256", good)),
                "signature does not match");
        assertRefused(post("/events/github", BODY, Map.of()), "signature header missing");
        assertRefused(post("/events/github", BODY, Map.of("X-Hub-Signature-256", good.substring(7))), "signature header malformed");
        assertThat(callback.accepted()).hasSize(2);
    }

    @Test
    void shopifyStyleBase64Header() throws Exception {
        startRoute("openconnectors:webhook:shop?objectIdField=id&vendorSignatureHeader=X-Shopify-Hmac-Sha256"
                   + "&vendorSignatureEncoding=base64&vendorSignatureSecret=RAW(shpss_k3y)");
        String good = Base64.getEncoder().encodeToString(hmac("HmacSHA256", "shpss_k3y", BODY));

        assertThat(post("/events/shop", BODY, Map.of("X-Shopify-Hmac-Sha256", good)).statusCode()).isEqualTo(200);
        assertRefused(post("/events/shop", BODY, Map.of("X-Shopify-Hmac-Sha256",
                Base64.getEncoder().encodeToString(hmac("HmacSHA256", "other", BODY)))), "signature does not match");
        assertRefused(post("/events/shop", BODY + " ", Map.of("X-Shopify-Hmac-Sha256", good)), "signature does not match");
        assertThat(callback.accepted()).hasSize(1);
    }

    @Test
    void sha1AndSha512() throws Exception {
        startRoute("openconnectors:webhook:legacy?vendorSignatureHeader=X-Sig&vendorSignatureAlgorithm=HmacSHA1"
                   + "&vendorSignatureSecret=s");
        startRoute("openconnectors:webhook:strong?vendorSignatureHeader=X-Sig&vendorSignatureAlgorithm=HmacSHA512"
                   + "&vendorSignatureSecret=s");

        assertThat(post("/events/legacy", BODY, Map.of("X-Sig", HexFormat.of().formatHex(hmac("HmacSHA1", "s", BODY))))
                .statusCode()).isEqualTo(200);
        assertThat(post("/events/strong", BODY, Map.of("X-Sig", HexFormat.of().formatHex(hmac("HmacSHA512", "s", BODY))))
                .statusCode()).isEqualTo(200);
        assertRefused(post("/events/strong", BODY, Map.of("X-Sig", HexFormat.of().formatHex(hmac("HmacSHA256", "s", BODY)))),
                "signature does not match");
    }

    @Test
    void standardWebhooks() throws Exception {
        byte[] key = "a-32-byte-long-standard-webhooks".getBytes(StandardCharsets.UTF_8);
        String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
        startRoute("openconnectors:webhook:std?objectIdField=id&vendorSignatureScheme=standardWebhooks"
                   + "&vendorSignatureSecret=RAW(" + secret + ")&vendorSignatureTolerance=300");
        long now = Instant.now().getEpochSecond();

        assertThat(post("/events/std", BODY, standard("msg_1", now, key, BODY)).statusCode()).isEqualTo(200);
        Map<String, String> rotated = Map.of("webhook-id", "msg_2", "webhook-timestamp", Long.toString(now),
                "webhook-signature", "v1,bm90LXRoZS1yaWdodC1vbmU= " + standard("msg_2", now, key, BODY).get("webhook-signature"));
        assertThat(post("/events/std", BODY, rotated).statusCode()).as("one of several signatures").isEqualTo(200);
        assertRefused(post("/events/std", BODY, standard("msg_3", now - 3600, key, BODY)), "timestamp outside the tolerance");
        assertRefused(post("/events/std", BODY, standard("msg_4", now, "wrong".getBytes(StandardCharsets.UTF_8), BODY)),
                "signature does not match");
        assertRefused(post("/events/std", BODY.replace("opened", "closed"), standard("msg_5", now, key, BODY)),
                "signature does not match");
        assertRefused(post("/events/std", BODY, Map.of("webhook-id", "msg_6")), "signature header missing");
        assertThat(callback.accepted()).hasSize(2);
    }

    /** A vendor no preset covers: ts=<seconds>;sig=<Base64 HMAC-SHA512 of "ts|METHOD|body"> in one header. */
    @Test
    void aVendorNoPresetCoversIsDescribedByTheGeneralOptions() throws Exception {
        startRoute("openconnectors:webhook:acme?vendorSignatureHeader=X-Acme-Signature&vendorSignatureSeparator=RAW(;)"
                   + "&vendorSignaturePrefix=sig=&vendorSignatureTimestampPrefix=ts="
                   + "&vendorSignatureContent=RAW({timestamp}|{method}|{body})&vendorSignatureAlgorithm=HmacSHA512"
                   + "&vendorSignatureEncoding=base64&vendorSignatureTolerance=60&vendorSignatureSecret=RAW(acme-k3y)");
        long now = Instant.now().getEpochSecond();

        assertThat(post("/events/acme", BODY, acme(now, "acme-k3y", BODY)).statusCode()).isEqualTo(200);
        assertRefused(post("/events/acme", BODY, acme(now - 120, "acme-k3y", BODY)), "timestamp outside the tolerance");
        assertRefused(post("/events/acme", BODY, acme(now, "other", BODY)), "signature does not match");
        assertRefused(post("/events/acme", BODY, Map.of("X-Acme-Signature", "sig=abc")), "signature header missing");
        assertRefused(post("/events/acme", BODY, Map.of("X-Acme-Signature", "ts=" + now + ";mac=abc")),
                "signature header malformed");
        assertThat(callback.accepted()).hasSize(1);
    }

    @Test
    void signatureOptionsThatCannotWorkAreAllNamedAtOnce() {
        WebhookConfiguration config = new WebhookConfiguration();
        config.setVendorSignatureHeader("X-Sig");
        config.setVendorSignatureContent("{ts}.{body}");
        config.setVendorSignaturePublicUrl("https://hooks.example.com/in?x=1");
        config.setVendorSignatureTolerance(-1);
        WebhookConfiguration unplaced = new WebhookConfiguration();
        unplaced.setVendorSignatureHeader("X-Sig");
        unplaced.setVendorSignatureSecret("s");
        unplaced.setVendorSignatureContent("{id}:{timestamp}:{body}");
        WebhookConfiguration hubspot = new WebhookConfiguration();
        hubspot.setVendorSignaturePreset(VendorSignaturePreset.hubspot);
        hubspot.setVendorSignatureSecret("client-secret");

        assertThat(config.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "vendorSignatureSecret: is required when the vendor signs (hmac)",
                "vendorSignatureContent: '{ts}' in '{ts}.{body}' is not a part of the request: use {body}, {timestamp},"
                + " {id}, {method} or {url}",
                "vendorSignaturePublicUrl: 'https://hooks.example.com/in?x=********' is not an absolute http(s) URL without query:"
                + " the URL the vendor calls",
                "vendorSignatureTolerance: -1 is below the minimum of 0");
        assertThat(unplaced.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "vendorSignatureContent: '{id}:{timestamp}:{body}' signs the {timestamp}, but neither"
                + " vendorSignatureTimestampHeader nor vendorSignatureTimestampPrefix says where it is",
                "vendorSignatureContent: '{id}:{timestamp}:{body}' signs the {id}, but vendorSignatureIdHeader does not"
                + " say where it is");
        WebhookConfiguration presetOff = new WebhookConfiguration();
        presetOff.setVendorSignaturePreset(VendorSignaturePreset.github);
        presetOff.setVendorSignatureScheme(VendorSignatureScheme.none);
        presetOff.setVendorSignatureSecret("s");
        WebhookConfiguration standardReshaped = new WebhookConfiguration();
        standardReshaped.setVendorSignatureScheme(VendorSignatureScheme.standardWebhooks);
        standardReshaped.setVendorSignatureSecret("whsec_!not-base64!");
        standardReshaped.setVendorSignatureHeader("X-Sig");
        WebhookConfiguration unsignedTimestamp = new WebhookConfiguration();
        unsignedTimestamp.setVendorSignatureHeader("X-Sig");
        unsignedTimestamp.setVendorSignatureSecret("s");
        unsignedTimestamp.setVendorSignatureTimestampHeader("X-Ts");
        unsignedTimestamp.setVendorSignatureTimestampPrefix("t=");
        unsignedTimestamp.setVendorSignatureAlgorithm("HmacMD4");

        assertThat(presetOff.problems()).extracting(Object::toString).containsExactly(
                "vendorSignatureScheme: is none, but vendorSignaturePreset github says how the vendor signs: leave it unset");
        assertThat(standardReshaped.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "vendorSignatureHeader: is not used with vendorSignatureScheme=standardWebhooks, which fixes how the vendor"
                + " signs; to change that, use vendorSignaturePreset=standardWebhooks",
                "vendorSignatureSecret: A whsec_ secret must be followed by Base64");
        assertThat(unsignedTimestamp.problems()).extracting(Object::toString).containsExactlyInAnyOrder(
                "vendorSignatureAlgorithm: 'HmacMD4' is not an HMAC algorithm here: use HmacSHA256, HmacSHA1 or HmacSHA512",
                "vendorSignatureTimestampPrefix: needs vendorSignatureSeparator: the timestamp is one of the signature"
                + " header's entries",
                "vendorSignatureContent: '{body}' does not sign the {timestamp}: a timestamp nobody signed cannot refuse a"
                + " replayed webhook");
        assertThat(hubspot.problems()).extracting(Object::toString).containsExactly(
                "vendorSignaturePublicUrl: is required: '{method}{url}{body}{timestamp}' signs the {url} the vendor called,"
                + " which a proxy in front may change");
    }

    private static Map<String, String> acme(long timestamp, String key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA512");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
        byte[] signature = mac.doFinal((timestamp + "|POST|" + body).getBytes(StandardCharsets.UTF_8));
        return Map.of("X-Acme-Signature", "ts=" + timestamp + ";sig=" + Base64.getEncoder().encodeToString(signature));
    }

    private void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(WebhookConsumerTest.reason(response)).isEqualTo(reason);
    }

    private static Map<String, String> standard(String id, long timestamp, byte[] key, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] signature = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", "v1," + Base64.getEncoder().encodeToString(signature));
    }

    private static byte[] hmac(String algorithm, String key, String body) throws Exception {
        Mac mac = Mac.getInstance(algorithm);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }
}
