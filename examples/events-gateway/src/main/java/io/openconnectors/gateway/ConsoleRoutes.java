package io.openconnectors.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;

/**
 * The web console at {@code /console}: one static page with its script and style sheet, read from the jar once. The
 * page holds no data; it asks the API for everything with the token the user signs in with, so it is served to anyone.
 * The page puts what vendors and callers wrote into the document as text only; its Content-Security-Policy is the
 * second line: it runs no inline script, loads nothing but these files and talks to nothing but this gateway.
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
        String name = fileName(message.getHeader(Exchange.HTTP_URI, String.class));
        message.removeHeaders("*");
        byte[] file = name == null ? null : files.get(name);
        if (file == null) {
            ApiRoutes.respond(exchange, 404, JsonNodeFactory.instance.objectNode().put("error", "no such resource"));
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

    /** The file a request's URI (origin or absolute form) names under /console, or {@code null}. */
    private static String fileName(String uri) {
        String path;
        try {
            path = uri == null ? null : URI.create(uri).getRawPath();
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
        if (path == null || !path.startsWith("/console")) {
            return null;
        }
        String rest = path.substring("/console".length());
        return rest.isEmpty() || rest.equals("/") ? "index.html" : rest.substring(1);
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
