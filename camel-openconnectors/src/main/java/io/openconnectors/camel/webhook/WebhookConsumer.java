package io.openconnectors.camel.webhook;

import java.time.Clock;

import io.openconnectors.camel.InvalidOptionException;
import io.openconnectors.camel.OpenConnectorsEndpoint;
import io.openconnectors.camel.event.EventNotification;
import io.openconnectors.camel.event.NotificationEmitter;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The {@code openconnectors:webhook} consumer: receives the vendor's requests through Camel's platform-http (the
 * application's HTTP server, e.g. Vert.x with {@code camel.server.enabled=true}), never a server of its own, and emits
 * one exchange per notification.
 */
public class WebhookConsumer extends DefaultConsumer {

    private String path;
    private String pathTemplate;
    private WebhookRequestHandler handler;
    private Consumer http;

    public WebhookConsumer(OpenConnectorsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public OpenConnectorsEndpoint getEndpoint() {
        return (OpenConnectorsEndpoint) super.getEndpoint();
    }

    /**
     * Compiles the endpoint's webhook options, naming every one that cannot work
     * ({@link io.openconnectors.camel.InvalidSettingsException}). The path is the {@code path} option, by default
     * {@code /events/<name>}.
     */
    @Override
    protected void doInit() throws Exception {
        super.doInit();
        OpenConnectorsEndpoint endpoint = getEndpoint();
        WebhookConfiguration config = endpoint.getWebhookConfiguration();
        WebhookSettings settings = WebhookSettings.compile(endpoint.eventSource(), config, endpoint.maxEventsPerNotification(),
                endpoint.transactions(), Clock.systemUTC());
        String configured = config.getPath() != null ? config.getPath() : "/events/" + endpoint.getName();
        path = configured.startsWith("/") ? configured : "/" + configured;
        pathTemplate = config.getPathTemplate();
        if (pathTemplate != null && !SharedWebhookPaths.matches(pathTemplate, path)) {
            throw new InvalidOptionException("pathTemplate", "'" + pathTemplate + "' does not match the path '" + path + "'");
        }
        handler = new WebhookRequestHandler(settings, this::emit, endpoint::metrics);
    }

    private void emit(EventNotification notification) throws Exception {
        NotificationEmitter.emit(this, notification, null);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = getEndpoint().getCamelContext();
        if (pathTemplate != null) {
            getEndpoint().getComponent().sharedWebhookPaths().add(context, pathTemplate, path, handler);
        } else {
            // every method reaches the handler, which answers each one itself (405 included)
            http = platformHttp(context, path).createConsumer(handler);
            ServiceHelper.startService(http);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (pathTemplate != null) {
            getEndpoint().getComponent().sharedWebhookPaths().remove(pathTemplate, path, handler);
        }
        ServiceHelper.stopAndShutdownService(http);
        http = null;
        super.doStop();
    }

    /** The platform-http endpoint that receives on {@code path}, or why there is none. */
    static Endpoint platformHttp(CamelContext context, String path) {
        try {
            return context.getEndpoint("platform-http:" + path + "?muteException=true");
        } catch (ResolveEndpointFailedException e) {
            throw new IllegalStateException("openconnectors:webhook receives through Camel's platform-http: add "
                                            + "camel-platform-http-main (Camel Main, with camel.server.enabled=true), "
                                            + "camel-platform-http-starter (Spring Boot) or camel-platform-http-vertx", e);
        }
    }

    /** The HTTP path the consumer receives on. */
    public String getPath() {
        return path;
    }
}
