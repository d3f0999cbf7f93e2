package io.openconnectors.gateway.demo;

import java.time.Clock;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openconnectors.camel.signature.HeaderSignature;
import io.openconnectors.camel.signature.SignatureEncoding;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * A stand-in ticketing vendor that pushes GitHub-style signed webhooks ({@code X-Demo-Signature: sha256=<hex>}).
 */
final class DemoWebhookVendor {

    /** The exchange property holding where to POST. */
    static final String TARGET = "demoWebhookTarget";
    private static final String SIGNATURE_HEADER = "X-Demo-Signature";
    /** The webhook instance's event.webhook.signature.key. */
    private static final String SECRET = "demo-vendor-webhook-secret";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] ACTIONS = { "ticket.opened", "ticket.updated", "ticket.closed" };

    private final HeaderSignature signature = new HeaderSignature("HmacSHA256", SignatureEncoding.hex, "sha256=", SECRET);
    private final Random random = new Random();
    private final Clock clock;
    private int sent;
    private volatile String target;

    DemoWebhookVendor(Clock clock) {
        this.clock = clock;
    }

    /** Where the webhook instance receives. */
    void sendTo(String url) {
        this.target = url;
    }

    /** Puts the next signed webhook on the exchange, ready to POST. */
    synchronized void next(Exchange exchange) throws Exception {
        ObjectNode ticket = MAPPER.createObjectNode()
                .put("action", ACTIONS[random.nextInt(ACTIONS.length)])
                .put("sentAt", clock.instant().toString());
        ticket.putObject("ticket").put("id", "t-" + (1 + random.nextInt(5))).put("delivery", ++sent);
        byte[] body = MAPPER.writeValueAsBytes(ticket);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(SIGNATURE_HEADER, signature.sign(body));
        message.setBody(body);
        exchange.setProperty(TARGET, target);
    }
}
