package io.openconnectors.camel.webhook;

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
     * Hands requests for {@code path}, which {@code template} matches, to {@code handler}; the template's route starts with
     * its first path.
     *
     * @throws IllegalStateException when another handler receives on this path
     */
    synchronized void add(CamelContext context, String template, String path, Processor handler) throws Exception {
        Shared shared = byTemplate.get(template);
        if (shared == null) {
            Map<String, Processor> handlers = new ConcurrentHashMap<>();
            Consumer http = WebhookConsumer.platformHttp(context, template).createConsumer(exchange -> dispatch(handlers, exchange));
            ServiceHelper.startService(http);
            shared = new Shared(http, handlers);
            byTemplate.put(template, shared);
        }
        if (shared.handlers().putIfAbsent(path, handler) != null) {
            throw new IllegalStateException("Another openconnectors:webhook consumer receives on " + path);
        }
    }

    /** Stops handing requests for {@code path} to {@code handler}; the template's route stops with its last path. */
    synchronized void remove(String template, String path, Processor handler) {
        Shared shared = byTemplate.get(template);
        if (shared != null && shared.handlers().remove(path, handler) && shared.handlers().isEmpty()) {
            byTemplate.remove(template);
            ServiceHelper.stopAndShutdownService(shared.http());
        }
    }

    private static void dispatch(Map<String, Processor> handlers, Exchange exchange) throws Exception {
        Processor handler = handlers.get(exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class));
        if (handler != null) {
            handler.process(exchange);
        } else {
            WebhookRequestHandler.write(exchange, WebhookAnswer.error(404, "no webhook receives on this path"));
        }
    }
}
