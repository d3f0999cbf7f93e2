package io.openconnectors.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Baseline (a): what a user would write by hand in Camel: a platform-http route, an HMAC processor, a camel-http call
 * to the callback; no mapping, no store, no retries. {@code HandWrittenRelay <port> <callbackUrl> <key>}.
 */
public final class HandWrittenRelay {

    private HandWrittenRelay() {
    }

    public static void main(String[] args) throws Exception {
        String callback = args[1];
        byte[] key = args[2].getBytes(StandardCharsets.UTF_8);
        Main main = server(args[0]);
        main.configure().addRoutesBuilder(new RouteBuilder() {
            @Override
            public void configure() {
                from("platform-http:/hook?httpMethodRestrict=POST")
                        .process(signs(key))
                        .to(callback + "?bridgeEndpoint=true")
                        .removeHeaders("*")
                        .setBody(constant(""));
            }
        });
        main.run();
    }

    /** Camel Main with its HTTP server on 127.0.0.1:{@code port}. */
    static Main server(String port) {
        Main main = new Main();
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "127.0.0.1");
        main.addInitialProperty("camel.server.port", port);
        return main;
    }

    /** Signs the body as the callback expects it and makes the message a bare JSON POST of it. */
    static Processor signs(byte[] key) {
        return exchange -> {
            byte[] body = exchange.getMessage().getBody(byte[].class);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader("Elements-Webhook-Signature",
                    "sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body)));
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setBody(body);
        };
    }
}
