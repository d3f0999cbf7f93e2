package io.openconnectors.camel;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Subscription handshakes: echoed, never emitted.
 */
class WebhookHandshakeTest extends WebhookTestSupport {

    @Test
    void getChallengeIsEchoedWhenTheVerifyTokenMatches() throws Exception {
        startRoute("openconnectors:webhook:meta?verifyToken=RAW(v-tok)");

        HttpResponse<String> ok = send("GET", "/events/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=v-tok",
                null, Map.of());
        HttpResponse<String> wrongToken = send("GET", "/events/meta?hub.challenge=1&hub.verify_token=nope", null, Map.of());
        HttpResponse<String> noChallenge = send("GET", "/events/meta", null, Map.of());

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(noChallenge.statusCode()).isEqualTo(405);
        assertThat(callback.deliveries()).isEmpty();
    }

    @Test
    void jsonChallengeIsEchoedAndOrdinaryEventsStillFlow() throws Exception {
        startRoute("openconnectors:webhook:slack?challengeField=challenge&challengeCondition=type=url_verification"
                   + "&itemsField=event&objectIdField=id");

        HttpResponse<String> handshake = post("/events/slack",
                "{\"token\":\"t\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}",
                Map.of());
        HttpResponse<String> event = post("/events/slack",
                "{\"type\":\"event_callback\",\"challenge\":\"not-a-handshake\",\"event\":{\"id\":\"e-1\"}}", Map.of());

        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(event.statusCode()).isEqualTo(200);
        assertThat(callback.accepted()).singleElement().satisfies(n -> assertThat(n.events().get(0).objectId()).isEqualTo("e-1"));
    }
}
