package io.openconnectors.camel.callback;

import java.time.Clock;
import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.openconnectors.camel.signature.ElementsSignature;
import io.openconnectors.camel.signature.HeaderSignature;
import io.openconnectors.camel.signature.SignatureVerdict;
import io.openconnectors.camel.signature.StandardWebhooksSignature;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For callback receivers that are Camel routes: checks the signature of a received notification over its raw bytes,
 * in one line.
 *
 * <pre>
 * from("platform-http:/events")
 *     .process(CallbackSignatureCheck.elements(key))   // 401 and the route stops when the signature is wrong
 *     .convertBodyTo(EventNotification.class)
 *     ...
 * </pre>
 *
 * On a valid signature the body is left as the received bytes, for the next step to parse. Otherwise the answer is 401
 * with {@code {"error": "<why>"}} and the route stops there.
 */
public final class CallbackSignatureCheck implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackSignatureCheck.class);
    private static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    @FunctionalInterface
    private interface Check {
        SignatureVerdict verify(Message message, byte[] body);
    }

    private final Check check;

    private CallbackSignatureCheck(Check check) {
        this.check = check;
    }

    /** Checks {@code Elements-Webhook-Signature} (the instance's {@code event.notification.signature.key}). */
    public static CallbackSignatureCheck elements(String key) {
        HeaderSignature signature = ElementsSignature.of(key);
        return new CallbackSignatureCheck((message, body) -> signature.verify(header(message, ElementsSignature.HEADER), body));
    }

    /** Checks Standard Webhooks headers, refusing timestamps more than five minutes away. */
    public static CallbackSignatureCheck standardWebhooks(String secret) {
        return standardWebhooks(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    static CallbackSignatureCheck standardWebhooks(String secret, Duration tolerance, Clock clock) {
        StandardWebhooksSignature signature = new StandardWebhooksSignature(secret);
        return new CallbackSignatureCheck((message, body) -> signature.verify(
                header(message, StandardWebhooksSignature.ID_HEADER), header(message, StandardWebhooksSignature.TIMESTAMP_HEADER),
                header(message, StandardWebhooksSignature.SIGNATURE_HEADER), body, clock.instant(), tolerance));
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        if (body == null) {
            body = new byte[0];
        }
        SignatureVerdict verdict = check.verify(message, body);
        if (verdict.isValid()) {
            message.setBody(body);
            return;
        }
        LOG.warn("Refused a callback without a valid signature: {}", verdict.reason());
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        message.setBody(JsonNodeFactory.instance.objectNode().put("error", verdict.reason()).toString());
        exchange.setRouteStop(true);
    }

    private static String header(Message message, String name) {
        return message.getHeader(name, String.class);
    }
}
