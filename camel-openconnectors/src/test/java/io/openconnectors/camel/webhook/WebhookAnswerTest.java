package io.openconnectors.camel.webhook;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** How each answer to a vendor is counted: whose fault a failure was, and why. */
class WebhookAnswerTest {

    @Test
    void answersAreCountedByOutcomeAndReason() {
        assertThat(List.of(WebhookAnswer.accepted(List.of("e-1")), WebhookAnswer.challenge("abc"),
                WebhookAnswer.error(401, "signature does not match"), WebhookAnswer.error(413, "too large"),
                WebhookAnswer.error(500, "the events could not be handed on; retry later")))
                .extracting(WebhookAnswer::outcome, WebhookAnswer::reason)
                .containsExactly(
                        tuple("accepted", "none"),
                        tuple("handshake", "none"),
                        tuple("refused", "signature"),
                        tuple("refused", "too_large"),
                        tuple("error", "failed"));
    }
}
