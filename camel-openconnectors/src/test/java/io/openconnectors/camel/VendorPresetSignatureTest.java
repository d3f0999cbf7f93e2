package io.openconnectors.camel;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Each vendorSignaturePreset against requests signed the way that vendor signs: by its SDK where it ships one, otherwise
 * by an independent signer written here from the vendor's documentation.
 */
class VendorPresetSignatureTest extends WebhookTestSupport {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** 2025-11-28T07:00:00Z, the date of the events in the payloads below. */
    private static final long EVENT_SECONDS = 1764313200L;
    private static final String EVENT_DATE = "2025-11-28T07:00:00Z";
    private static final long TEN_MINUTES = 600;

    private final long now = Instant.now().getEpochSecond();

    @Test
    void githubIssueOpenedIsCreatedAndForgeriesAreRefused() throws Exception {
        startRoute("openconnectors:webhook:github?vendorSignaturePreset=github&vendorSignatureSecret=RAW(gh-s3cret)");
        String body = """
                {"action":"opened","issue":{"id":1,"number":7,"title":"Crash on start"},"repository":{"full_name":"octo/app"}}""";

        HttpResponse<String> signed = post("/events/github", body, github("gh-s3cret", body, "d-1"));
        HttpResponse<String> tampered = post("/events/github", body.replace("Crash", "Hang"), github("gh-s3cret", body, "d-2"));
        HttpResponse<String> wrongKey = post("/events/github", body, github("not-the-secret", body, "d-3"));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertThat(callback.accepted()).singleElement()
                .satisfies(n -> assertThat(n.events()).extracting(ChangeEvent::eventType).containsExactly(EventType.CREATED));
    }

    @Test
    void githubDeliveryIdMakesARedeliveryTheSameEvent() throws Exception {
        startRoute("openconnectors:webhook:github?vendorSignaturePreset=github&vendorSignatureSecret=RAW(gh-s3cret)");
        String body = "{\"action\":\"edited\",\"issue\":{\"id\":1,\"number\":7}}";
        String delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

        HttpResponse<String> first = post("/events/github", body, github("gh-s3cret", body, delivery));
        HttpResponse<String> again = post("/events/github", body, github("gh-s3cret", body, delivery));
        HttpResponse<String> other = post("/events/github", body, github("gh-s3cret", body, "8f1a0c44-cc78-11e3-81ab-4c9367dc0958"));

        assertThat(eventId(first)).isEqualTo(eventId(again)).isNotEqualTo(eventId(other));
        assertThat(callback.accepted()).extracting(EventNotification::eventId)
                .containsExactly(eventId(first), eventId(first), eventId(other));
        assertThat(callback.accepted().get(0).events()).extracting(ChangeEvent::eventType).containsExactly(EventType.UPDATED);
    }

    @Test
    void anOptionSetExplicitlyWinsOverThePreset() throws Exception {
        startRoute("openconnectors:webhook:github?vendorSignaturePreset=github&vendorSignatureHeader=X-Custom-Sig"
                   + "&vendorSignatureSecret=RAW(gh-s3cret)");
        String body = "{\"action\":\"opened\",\"issue\":{\"id\":1}}";
        String signature = "sha256=" + hex(hmac("gh-s3cret", body));

        HttpResponse<String> custom = post("/events/github", body, Map.of("X-Custom-Sig", signature));
        HttpResponse<String> presetHeader = post("/events/github", body, Map.of("X-Hub-Signature-256", signature));

        assertThat(custom.statusCode()).isEqualTo(200);
        assertRefused(presetHeader, "signature header missing");
        assertThat(callback.accepted()).hasSize(1);
    }

    @Test
    void shopifyOrderCreateIsCreatedAndForgeriesAreRefused() throws Exception {
        startRoute("openconnectors:webhook:shopify?vendorSignaturePreset=shopify&vendorSignatureSecret=RAW(shpss_k3y)");
        String body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"total_price\":\"403.00\"}";

        HttpResponse<String> signed = post("/events/shopify", body, shopify("shpss_k3y", body));
        HttpResponse<String> tampered = post("/events/shopify", body.replace("403.00", "0.01"), shopify("shpss_k3y", body));
        HttpResponse<String> wrongKey = post("/events/shopify", body, shopify("shpss_other", body));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .extracting(ChangeEvent::eventType, ChangeEvent::objectId)
                .containsExactly(tuple(EventType.CREATED, "820982911946154508")));
    }

    @Test
    void stripeCustomerCreatedSignedByStripeJavaIsCreatedAndForgeriesAreRefused() throws Exception {
        String secret = "whsec_test_51HbYxQ2eZvKYlo2C";
        startRoute("openconnectors:webhook:stripe?vendorSignaturePreset=stripe&vendorSignatureSecret=RAW(" + secret + ")");
        String body = """
                {"id":"evt_1Q","object":"event","type":"customer.created","created":%d,\
                "data":{"object":{"id":"cus_Q1","object":"customer","email":"ada@example.com"}}}""".formatted(EVENT_SECONDS);

        HttpResponse<String> signed = post("/events/stripe", body, stripe(secret, body, now));
        HttpResponse<String> tampered = post("/events/stripe", body.replace("ada@", "eve@"), stripe(secret, body, now));
        HttpResponse<String> wrongKey = post("/events/stripe", body, stripe("whsec_other", body, now));
        HttpResponse<String> stale = post("/events/stripe", body, stripe(secret, body, now - TEN_MINUTES));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .containsExactly(new ChangeEvent(EventType.CREATED, "cus_Q1", "customer", null, EVENT_DATE)));
    }

    @Test
    void stripeHeaderWithSeveralV1SignaturesNeedsOneToMatch() throws Exception {
        String secret = "whsec_test_51HbYxQ2eZvKYlo2C";
        startRoute("openconnectors:webhook:stripe?vendorSignaturePreset=stripe&vendorSignatureSecret=RAW(" + secret + ")");
        String body = "{\"id\":\"evt_2\",\"type\":\"customer.deleted\",\"data\":{\"object\":{\"id\":\"cus_Q2\"}}}";
        String right = com.stripe.net.Webhook.Util.computeHmacSha256(secret, now + "." + body);
        String wrong = com.stripe.net.Webhook.Util.computeHmacSha256("whsec_rolled", now + "." + body);

        HttpResponse<String> rolling = post("/events/stripe", body,
                Map.of("Stripe-Signature", "t=" + now + ",v1=" + wrong + ",v1=" + right));
        HttpResponse<String> onlyWrong = post("/events/stripe", body, Map.of("Stripe-Signature", "t=" + now + ",v1=" + wrong));

        assertThat(rolling.statusCode()).isEqualTo(200);
        assertRefused(onlyWrong, "signature does not match");
        assertThat(callback.accepted()).singleElement()
                .satisfies(n -> assertThat(n.events()).extracting(ChangeEvent::eventType).containsExactly(EventType.DELETED));
    }

    @Test
    void slackChannelCreatedIsCreatedAndForgeriesAreRefused() throws Exception {
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        startRoute("openconnectors:webhook:slack?vendorSignaturePreset=slack&vendorSignatureSecret=RAW(" + secret + ")");
        String body = """
                {"token":"t","team_id":"T1","type":"event_callback","event_id":"Ev1","event_time":%d,\
                "event":{"type":"channel_created","channel":{"id":"C1","name":"general"}}}""".formatted(EVENT_SECONDS);

        HttpResponse<String> signed = post("/events/slack", body, slack(secret, body, now));
        HttpResponse<String> tampered = post("/events/slack", body.replace("general", "random"), slack(secret, body, now));
        HttpResponse<String> wrongKey = post("/events/slack", body, slack("another-signing-secret", body, now));
        HttpResponse<String> stale = post("/events/slack", body, slack(secret, body, now - TEN_MINUTES));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .extracting(ChangeEvent::eventType, ChangeEvent::date)
                .containsExactly(tuple(EventType.CREATED, EVENT_DATE)));
    }

    @Test
    void slackUrlVerificationIsAnsweredOnlyWhenSignedAndNeverEmitted() throws Exception {
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        startRoute("openconnectors:webhook:slack?vendorSignaturePreset=slack&vendorSignatureSecret=RAW(" + secret + ")");
        String body = "{\"token\":\"t\",\"challenge\":\"abc\",\"type\":\"url_verification\"}";

        HttpResponse<String> signed = post("/events/slack", body, slack(secret, body, now));
        HttpResponse<String> unsigned = post("/events/slack", body, Map.of());

        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(signed.body()).isEqualTo("abc");
        assertRefused(unsigned, "signature header missing");
        assertThat(callback.deliveries()).isEmpty();
    }

    @Test
    void zendeskUserCreatedIsCreatedAndForgeriesAreRefused() throws Exception {
        String secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
        startRoute("openconnectors:webhook:zendesk?vendorSignaturePreset=zendesk&vendorSignatureSecret=RAW(" + secret + ")");
        String body = """
                {"type":"zen:event-type:user.created","account_id":1,"subject":"zen:user:7",\
                "detail":{"id":"7","email":"ada@example.com"},"time":"%s"}""".formatted(EVENT_DATE);

        HttpResponse<String> signed = post("/events/zendesk", body, zendesk(secret, body, now));
        HttpResponse<String> tampered = post("/events/zendesk", body.replace("ada@", "eve@"), zendesk(secret, body, now));
        HttpResponse<String> wrongKey = post("/events/zendesk", body, zendesk("another-secret", body, now));
        HttpResponse<String> stale = post("/events/zendesk", body, zendesk(secret, body, now - TEN_MINUTES));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .containsExactly(new ChangeEvent(EventType.CREATED, "7", null, null, EVENT_DATE)));
    }

    @Test
    void hubspotContactCreationIsCreatedSignedOverThePublicUrlWithTheQuery() throws Exception {
        String secret = "hs-client-secret-0c5a";
        String publicUrl = "https://hooks.example.com/hubspot/contacts";
        startRoute("openconnectors:webhook:hubspot?vendorSignaturePreset=hubspot&vendorSignatureSecret=RAW(" + secret + ")"
                   + "&vendorSignaturePublicUrl=" + publicUrl);
        String body = """
                [{"eventId":1001,"subscriptionId":2002,"portalId":62515,"appId":3003,"occurredAt":%d,\
                "subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM"}]"""
                .formatted(EVENT_SECONDS * 1000);
        String path = "/events/hubspot?portalId=62515";
        String calledUrl = publicUrl + "?portalId=62515";
        long nowMillis = now * 1000;

        HttpResponse<String> signed = post(path, body, hubspot(secret, calledUrl, body, nowMillis));
        HttpResponse<String> withoutQuery = post(path, body, hubspot(secret, publicUrl, body, nowMillis));
        HttpResponse<String> tampered = post(path, body.replace("123", "124"), hubspot(secret, calledUrl, body, nowMillis));
        HttpResponse<String> wrongKey = post(path, body, hubspot("another-secret", calledUrl, body, nowMillis));
        HttpResponse<String> stale = post(path, body, hubspot(secret, calledUrl, body, nowMillis - TEN_MINUTES * 1000));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(withoutQuery, "signature does not match");
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .containsExactly(new ChangeEvent(EventType.CREATED, "123", null, null, EVENT_DATE)));
    }

    @Test
    void standardWebhooksSignedBySvixLibraryIsCreatedAndForgeriesAreRefused() throws Exception {
        String secret = whsec("standard-webhooks-key-of-32-byte");
        startRoute("openconnectors:webhook:std?vendorSignaturePreset=standardWebhooks&vendorSignatureSecret=RAW(" + secret + ")");
        String body = "{\"type\":\"user.created\",\"timestamp\":\"" + EVENT_DATE + "\",\"data\":{\"id\":\"u1\"}}";

        HttpResponse<String> signed = post("/events/std", body, standardWebhooks(secret, "msg_1", now, body));
        HttpResponse<String> tampered = post("/events/std", body.replace("u1", "u2"), standardWebhooks(secret, "msg_2", now, body));
        HttpResponse<String> wrongKey = post("/events/std", body, standardWebhooks(whsec("another-key-of-thirty-two-bytes!"),
                "msg_3", now, body));
        HttpResponse<String> stale = post("/events/std", body, standardWebhooks(secret, "msg_4", now - TEN_MINUTES, body));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .containsExactly(new ChangeEvent(EventType.CREATED, "u1", null, null, EVENT_DATE)));
    }

    @Test
    void svixSignedBySvixLibraryInSvixHeadersIsCreatedAndForgeriesAreRefused() throws Exception {
        String secret = whsec("svix-signing-key-of-32-bytes-ok!");
        startRoute("openconnectors:webhook:svix?vendorSignaturePreset=svix&vendorSignatureSecret=RAW(" + secret + ")");
        String body = "{\"type\":\"contact.created\",\"timestamp\":\"" + EVENT_DATE + "\",\"data\":{\"id\":\"c_9\"}}";

        HttpResponse<String> signed = post("/events/svix", body, svix(secret, "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", now, body));
        HttpResponse<String> tampered = post("/events/svix", body.replace("c_9", "c_8"), svix(secret, "msg_b", now, body));
        HttpResponse<String> wrongKey = post("/events/svix", body, svix(whsec("another-svix-key-of-32-bytes-ok!"), "msg_c", now,
                body));
        HttpResponse<String> stale = post("/events/svix", body, svix(secret, "msg_d", now - TEN_MINUTES, body));

        assertThat(signed.statusCode()).isEqualTo(200);
        assertRefused(tampered, "signature does not match");
        assertRefused(wrongKey, "signature does not match");
        assertRefused(stale, "timestamp outside the tolerance");
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events())
                .containsExactly(new ChangeEvent(EventType.CREATED, "c_9", null, null, EVENT_DATE)));
    }

    private static void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(WebhookConsumerTest.reason(response)).isEqualTo(reason);
    }

    private static String eventId(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body()).path("eventIds").get(0).asText();
    }

    /** docs.github.com: X-Hub-Signature-256 is sha256= and the hex HMAC-SHA256 of the body. */
    private static Map<String, String> github(String secret, String body, String delivery) throws Exception {
        return Map.of("X-GitHub-Event", "issues", "X-GitHub-Delivery", delivery,
                "X-Hub-Signature-256", "sha256=" + hex(hmac(secret, body)));
    }

    /** shopify.dev: X-Shopify-Hmac-Sha256 is the Base64 HMAC-SHA256 of the body. */
    private static Map<String, String> shopify(String secret, String body) throws Exception {
        return Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
                "X-Shopify-Hmac-Sha256", base64(hmac(secret, body)));
    }

    /** Stripe's own SDK writes the Stripe-Signature header. */
    private static Map<String, String> stripe(String secret, String body, long seconds) throws Exception {
        return Map.of("Stripe-Signature", com.stripe.net.Webhook.Signature.generateSignatureHeader(body, secret, seconds));
    }

    /** api.slack.com: v0= and the hex HMAC-SHA256 of v0:timestamp:body. */
    private static Map<String, String> slack(String secret, String body, long seconds) throws Exception {
        return Map.of("X-Slack-Request-Timestamp", Long.toString(seconds),
                "X-Slack-Signature", "v0=" + hex(hmac(secret, "v0:" + seconds + ":" + body)));
    }

    /** developer.zendesk.com: the Base64 HMAC-SHA256 of the ISO-8601 timestamp followed by the body. */
    private static Map<String, String> zendesk(String secret, String body, long seconds) throws Exception {
        String timestamp = Instant.ofEpochSecond(seconds).toString();
        return Map.of("X-Zendesk-Webhook-Signature-Timestamp", timestamp,
                "X-Zendesk-Webhook-Invocation-Id", "inv-" + seconds,
                "X-Zendesk-Webhook-Signature", base64(hmac(secret, timestamp + body)));
    }

    /** developers.hubspot.com (v3): the Base64 HMAC-SHA256 of method, URI, body and millisecond timestamp. */
    private static Map<String, String> hubspot(String secret, String uri, String body, long millis) throws Exception {
        return Map.of("X-HubSpot-Request-Timestamp", Long.toString(millis),
                "X-HubSpot-Signature-v3", base64(hmac(secret, "POST" + uri + body + millis)));
    }

    /** The Svix library signs; the headers are the unbranded webhook-* ones of the Standard Webhooks specification. */
    private static Map<String, String> standardWebhooks(String secret, String id, long seconds, String body)
            throws Exception {
        return Map.of("webhook-id", id, "webhook-timestamp", Long.toString(seconds),
                "webhook-signature", new com.svix.Webhook(secret).sign(id, seconds, body));
    }

    /** The Svix library signs, in Svix's own svix-* headers. */
    private static Map<String, String> svix(String secret, String id, long seconds, String body) throws Exception {
        return Map.of("svix-id", id, "svix-timestamp", Long.toString(seconds),
                "svix-signature", new com.svix.Webhook(secret).sign(id, seconds, body));
    }

    private static String whsec(String key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String secret, String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
