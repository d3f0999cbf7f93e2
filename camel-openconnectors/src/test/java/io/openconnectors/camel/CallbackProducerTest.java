package io.openconnectors.camel;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.openconnectors.camel.callback.CallbackFailedException;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import io.openconnectors.camel.event.NotificationJson;
import io.openconnectors.camel.test.CallbackReceiver;
import io.openconnectors.camel.test.RecordedRequest;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code openconnectors:callback}: what the receiver gets, signed over the exact bytes, and failures the route sees.
 */
class CallbackProducerTest extends CamelTestSupport {

    private final CallbackReceiver receiver = new CallbackReceiver();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                onException(CallbackFailedException.class).handled(true).to("mock:failed");
                from("direct:elements").to("openconnectors:callback:a?callbackUrl=" + receiver.url() + "&signatureSecret=RAW(s3cret)");
                from("direct:unsigned").to("openconnectors:callback:b?callbackUrl=" + receiver.url());
                from("direct:standard").to("openconnectors:callback:c?callbackUrl=" + receiver.url()
                                           + "&signatureSecret=RAW(whsec_c2VjcmV0LWJ5dGVz)&signatureStyle=standardWebhooks");
                from("direct:both").to("openconnectors:callback:d?callbackUrl=" + receiver.url()
                                       + "&signatureSecret=RAW(s3cret)&signatureStyle=both");
                from("direct:impatient").to("openconnectors:callback:e?callbackUrl=" + receiver.url() + "&responseTimeout=300");
                from("direct:unhandled").to("openconnectors:callback:f?callbackUrl=" + receiver.url());
            }
        };
    }

    @Test
    void signsTheExactBytesItSends() throws Exception {
        EventNotification notification = notification("n-1");
        Object status = template.requestBody("direct:elements", notification, Object.class);

        RecordedRequest post = receiver.requests().get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.header("Content-Type")).startsWith("application/json");
        assertThat(post.header("Elements-Webhook-Id")).isEqualTo("n-1");
        assertThat(post.header("Elements-Webhook-Signature")).isEqualTo("sha256=" + SeedInstanceTest.hmac("s3cret", post.body()));
        assertThat(post.body()).isEqualTo(NotificationJson.toBytes(notification));
        assertThat(NotificationJson.fromBytes(post.body())).isEqualTo(notification);
        assertThat(new String(post.body(), StandardCharsets.UTF_8)).startsWith("{\"message\":{\"eventId\":\"n-1\"");
        assertThat(status).isNotNull();
    }

    @Test
    void withoutAKeyTheNotificationIsUnsignedButIdentified() {
        template.sendBody("direct:unsigned", notification("n-2"));

        RecordedRequest post = receiver.requests().get(0);
        assertThat(post.header("Elements-Webhook-Id")).isEqualTo("n-2");
        assertThat(post.header("Elements-Webhook-Signature")).isNull();
    }

    @Test
    void standardWebhooksHeaders() throws Exception {
        long before = Instant.now().getEpochSecond();
        template.sendBody("direct:standard", notification("n-3"));

        RecordedRequest post = receiver.requests().get(0);
        String timestamp = post.header("webhook-timestamp");
        assertThat(Long.parseLong(timestamp)).isBetween(before, Instant.now().getEpochSecond());
        assertThat(post.header("webhook-id")).isEqualTo("n-3");
        assertThat(post.header("Elements-Webhook-Signature")).isNull();
        byte[] signed = ("n-3." + timestamp + "." + new String(post.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec("secret-bytes".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(post.header("webhook-signature"))
                .isEqualTo("v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(signed)));
    }

    @Test
    void bothStyles() {
        template.sendBody("direct:both", notification("n-4"));

        RecordedRequest post = receiver.requests().get(0);
        assertThat(post.header("Elements-Webhook-Signature")).startsWith("sha256=");
        assertThat(post.header("webhook-signature")).startsWith("v1,");
    }

    @Test
    void aJsonTextBodyIsReadAsANotification() {
        template.sendBody("direct:unsigned", new String(NotificationJson.toBytes(notification("n-5")), StandardCharsets.UTF_8));

        assertThat(receiver.accepted()).singleElement().satisfies(n -> assertThat(n.eventId()).isEqualTo("n-5"));
    }

    @Test
    void aNon2xxAnswerFailsTheExchangeForTheErrorHandler() throws Exception {
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(1);
        receiver.failNext(503);

        template.sendBody("direct:elements", notification("n-6"));

        failed.assertIsSatisfied();
        CallbackFailedException cause = failed.getReceivedExchanges().get(0)
                .getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, CallbackFailedException.class);
        assertThat(cause.getStatus()).isEqualTo(503);
        assertThat(cause.getEventId()).isEqualTo("n-6");
        assertThat(cause.getMessage()).isEqualTo("Callback " + receiver.baseUrl() + " answered HTTP 503 to notification n-6");
    }

    @Test
    void aTimeoutFailsTheExchange() throws Exception {
        MockEndpoint failed = getMockEndpoint("mock:failed");
        failed.expectedMessageCount(1);
        receiver.holdAnswers();

        template.sendBody("direct:impatient", notification("n-7"));

        failed.assertIsSatisfied();
        receiver.releaseAnswers();
        CallbackFailedException cause = failed.getReceivedExchanges().get(0)
                .getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, CallbackFailedException.class);
        assertThat(cause.getStatus()).isZero();
        assertThat(cause.getMessage()).startsWith("Callback " + receiver.baseUrl() + " not reached for notification n-7");
    }

    @Test
    void aBodyThatIsNoNotificationFailsClearly() {
        assertThatThrownBy(() -> template.sendBody("direct:unhandled", List.of("not", "a", "notification")))
                .isInstanceOf(CamelExecutionException.class)
                .hasRootCauseInstanceOf(org.apache.camel.NoTypeConversionAvailableException.class);
    }

    @Test
    void oneEndpointKeepsItsConnectionsOpen() {
        for (int i = 0; i < 5; i++) {
            template.sendBody("direct:unsigned", notification("n-" + i));
        }

        assertThat(receiver.requests()).extracting(RecordedRequest::remotePort).containsOnly(receiver.requests().get(0).remotePort());
    }

    private static EventNotification notification(String id) {
        return new EventNotification(id, "i-1", "CRM", "crm",
                List.of(ChangeEvent.of(EventType.CREATED, "c-1", "contacts", "crm", Instant.parse("2026-11-28T07:00:00Z"))),
                JsonNodeFactory.instance.objectNode().set("contacts", JsonNodeFactory.instance.arrayNode()
                        .add(JsonNodeFactory.instance.objectNode().put("id", "c-1").put("name", "Zoë ✓"))));
    }
}
