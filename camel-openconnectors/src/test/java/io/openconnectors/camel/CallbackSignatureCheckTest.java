package io.openconnectors.camel;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.openconnectors.camel.callback.CallbackSignatureCheck;
import io.openconnectors.camel.event.ChangeEvent;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.EventType;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A callback receiver written as a Camel route verifies what the callback producer sends, in one line.
 */
class CallbackSignatureCheckTest extends WebhookTestSupport {

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/receiver/elements").process(CallbackSignatureCheck.elements("r3ceiver"))
                        .convertBodyTo(EventNotification.class).to("mock:verified").setBody(constant("ok"));
                from("platform-http:/receiver/standard").process(CallbackSignatureCheck.standardWebhooks("r3ceiver"))
                        .convertBodyTo(EventNotification.class).to("mock:verified").setBody(constant("ok"));
                from("direct:elements").to("openconnectors:callback:e?callbackUrl=http://127.0.0.1:" + port
                                           + "/receiver/elements&signatureSecret=r3ceiver");
                from("direct:standard").to("openconnectors:callback:s?callbackUrl=http://127.0.0.1:" + port
                                           + "/receiver/standard&signatureSecret=r3ceiver&signatureStyle=standardWebhooks");
                from("direct:wrongKey").to("openconnectors:callback:w?callbackUrl=http://127.0.0.1:" + port
                                           + "/receiver/elements&signatureSecret=not-the-key");
            }
        };
    }

    @Test
    void signedNotificationsPassAndTheRestIsRefused() throws Exception {
        MockEndpoint verified = getMockEndpoint("mock:verified");
        verified.expectedMessageCount(2);

        template.sendBody("direct:elements", notification("n-1"));
        template.sendBody("direct:standard", notification("n-2"));
        Exception wrongKey = template.send("direct:wrongKey", e -> e.getMessage().setBody(notification("n-3"))).getException();
        HttpResponse<String> unsigned = post("/receiver/elements", "{\"message\":{\"eventId\":\"n-4\",\"events\":[]}}", Map.of());

        verified.assertIsSatisfied();
        assertThat(verified.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(EventNotification.class).eventId())
                .containsExactly("n-1", "n-2");
        assertThat(wrongKey).hasMessageContaining("answered HTTP 401");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).isEqualTo("{\"error\":\"signature header missing\"}");
    }

    private static EventNotification notification(String id) {
        return new EventNotification(id, "i-1", null, "crm",
                List.of(ChangeEvent.of(EventType.UPDATED, "c-1", "contacts", "crm", Instant.parse("2026-11-28T07:00:00Z"))),
                JsonNodeFactory.instance.objectNode());
    }
}
