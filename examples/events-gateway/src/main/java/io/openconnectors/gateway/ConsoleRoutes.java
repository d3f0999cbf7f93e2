package io.openconnectors.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The web console at {@code /console}: one static page with its script and style sheet, read from the jar once. The
 * page holds no data; it asks the API for everything with the token the user signs in with, so it is served to anyone.
 * Its Content-Security-Policy lets it load nothing but these files and talk to nothing but this gateway, so text that a
 * vendor or caller put into an event cannot run as script in it.
 */
final class ConsoleRoutes extends RouteBuilder {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
                                                  + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
                                                  + "base-uri 'none'; form-action 'self'";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private final Map<String, byte[]> files = new HashMap<>();

    ConsoleRoutes() {
        TYPES.keySet().forEach(name -> files.put(name, read("console/" + name)));
    }

    @Override
    public void configure() {
        from("platform-http:/console?matchOnUriPrefix=true&httpMethodRestrict=GET,HEAD").routeId("console")
                .process(this::serve);
    }

    private void serve(Exchange exchange) {
        Message message = exchange.getMessage();
        String uri = message.getHeader(Exchange.HTTP_URI, String.class);
        String path = uri.replaceFirst("[?#].*", "").substring("/console".length());
        String name = path.isEmpty() || path.equals("/") ? "index.html" : path.substring(1);
        message.removeHeaders("*");
        byte[] file = files.get(name);
        if (file == null) {
            ApiRoutes.respond(exchange, 404, JsonNodeFactory.instance.objectNode().put("error", "no such resource: " + uri));
            return;
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(name));
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        // a new gateway version brings a new console: always ask
        message.setHeader("Cache-Control", "no-cache");
        message.setBody(file);
    }

    private static byte[] read(String resource) {
        try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The console's " + resource + " is missing from the gateway's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
