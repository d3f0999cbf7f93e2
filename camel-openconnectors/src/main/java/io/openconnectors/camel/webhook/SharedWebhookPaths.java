package io.openconnectors.camel.webhook;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Webhook consumers that receive on one platform-http route per path template (their {@code pathTemplate} option,
 * e.g. {@code /events/{elementKey}/{instanceId}}), each request handed to the consumer registered for its exact path.
 * A route of its own per consumer cost every webhook request a walk over all of them, and each one added a check of
 * every route already on Vert.x's router: at 10,000 webhook instances, most of a restart.
 */
public final class SharedWebhookPaths {

    /** One platform-http consumer and the handlers behind it, by exact path. */
    private record Shared(Consumer http, Map<String, Processor> handlers) {
    }

    private final Map<String, Shared> byTemplate = new HashMap<>();

    /**
     * Whether {@code path} is one the template matches: as many segments, and the same segment wherever the template's
     * is not a {@code {parameter}}.
     */
    static boolean matches(String template, String path) {
        String[] expected = segments(template);
        String[] actual = segments(path);
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            boolean parameter = expected[i].startsWith("{") && expected[i].endsWith("}");
            if (actual[i].isEmpty() || !parameter && !expected[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    private static String normalized(String path) {
        return "/" + String.join("/", segments(path));
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return (trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed).split("/", -1);
    }

    /**
     * Hands requests for {@code path}, which {@code template} matches, to {@code handler}; the template's route starts with
     * its first path.
     *
     * @throws IllegalStateException when another handler receives on this path
     */
    synchronized void add(CamelContext context, String template, String path, Processor handler) throws Exception {
        Shared shared = byTemplate.get(template);
        if (shared == null) {
            Map<String, Processor> handlers = new ConcurrentHashMap<>();
            int depth = segments(template).length;
            Consumer http = WebhookConsumer.platformHttp(context, template)
                    .createConsumer(exchange -> dispatch(handlers, depth, exchange));
            ServiceHelper.startService(http);
            shared = new Shared(http, handlers);
            byTemplate.put(template, shared);
        }
        if (shared.handlers().putIfAbsent(normalized(path), handler) != null) {
            throw new IllegalStateException("Another openconnectors:webhook consumer receives on " + path);
        }
    }

    /** Stops handing requests for {@code path} to {@code handler}; the template's route stops with its last path. */
    synchronized void remove(String template, String path, Processor handler) {
        Shared shared = byTemplate.get(template);
        if (shared != null && shared.handlers().remove(normalized(path), handler) && shared.handlers().isEmpty()) {
            byTemplate.remove(template);
            ServiceHelper.stopAndShutdownService(shared.http());
        }
    }

    /**
     * The request's path is the server's (it may sit under the server's own base path, and end in '/'): its last
     * {@code depth} segments are the path a consumer registered.
     */
    private static void dispatch(Map<String, Processor> handlers, int depth, Exchange exchange) throws Exception {
        String[] segments = segments(exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class));
        String path = segments.length < depth ? ""
                : "/" + String.join("/", Arrays.copyOfRange(segments, segments.length - depth, segments.length));
        Processor handler = handlers.get(path);
        if (handler != null) {
            handler.process(exchange);
        } else {
            WebhookRequestHandler.write(exchange, WebhookAnswer.error(404, "no webhook receives on this path"));
        }
    }
}
