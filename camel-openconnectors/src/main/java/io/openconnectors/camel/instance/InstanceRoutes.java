package io.openconnectors.camel.instance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.SettingProblem;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.Model;

/**
 * Turns instances into running routes through Camel route templates, and takes them away again.
 * <p>
 * A polling instance becomes one route per resource from template {@value #POLL_TEMPLATE}:
 * {@code from(openconnectors:poll:<resource>?...)} {@code .to(openconnectors:callback:<instance>?...)}; a webhook
 * instance one route from template {@value #WEBHOOK_TEMPLATE}, receiving on {@link #webhookPath}. Secrets
 * (password, token, API key, signature key) never enter a URI or a template parameter: they are route-local
 * {@link Secret} beans the URIs refer to.
 */
public final class InstanceRoutes {

    public static final String POLL_TEMPLATE = "openconnectors-poll";
    public static final String WEBHOOK_TEMPLATE = "openconnectors-webhook";

    private final CamelContext context;
    private final Function<String, Optional<String>> connectorBaseUrls;
    private final Map<String, List<String>> routesByInstance = new ConcurrentHashMap<>();

    /**
     * @param connectorBaseUrls the base URL of each connector (element key), for relative poller URLs of instances
     *                          that set no {@code base.url}
     */
    public InstanceRoutes(CamelContext context, Function<String, Optional<String>> connectorBaseUrls) {
        this.context = context;
        this.connectorBaseUrls = connectorBaseUrls;
    }

    /**
     * Adds the instance's event routes; they start at once when the context runs. An instance with events off gets
     * none.
     *
     * @return the ids of the routes added
     */
    public synchronized List<String> add(String instanceId, InstanceDefinition instance) throws Exception {
        if (routesByInstance.containsKey(instanceId)) {
            throw new IllegalStateException("Instance " + instanceId + " already has routes; remove them first");
        }
        EventSettings events = instance.events();
        List<String> routeIds = new ArrayList<>();
        routesByInstance.put(instanceId, routeIds);
        try {
            if (events.enabled()) {
                installTemplates();
                EndpointUris callback = callbackUri(instanceId, events);
                if (events.vendorType() == VendorType.POLLING) {
                    for (PollResource resource : events.resources()) {
                        routeIds.add(addRoute(POLL_TEMPLATE, "openconnectors-" + instanceId + "-poll-" + resource.name(),
                                pollUri(instanceId, instance, resource), callback));
                    }
                } else {
                    routeIds.add(addRoute(WEBHOOK_TEMPLATE, "openconnectors-" + instanceId + "-webhook",
                            webhookUri(instanceId, instance), callback));
                }
            }
        } catch (Exception e) {
            remove(instanceId); // all of an instance's routes, or none
            throw e;
        }
        routesByInstance.put(instanceId, List.copyOf(routeIds));
        return List.copyOf(routeIds);
    }

    /** The path a webhook instance receives on: {@code /events/<elementKey>/<instanceId>}. */
    public static String webhookPath(String elementKey, String instanceId) {
        return "/events/" + encode(elementKey) + "/" + encode(instanceId);
    }

    private String addRoute(String template, String routeId, EndpointUris from, EndpointUris to) throws Exception {
        TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(context, template)
                .routeId(routeId)
                .parameter("fromUri", from.uri())
                .parameter("callbackUri", to.uri());
        from.secrets().forEach((name, secret) -> route.bean(name, Secret.class, secret));
        to.secrets().forEach((name, secret) -> route.bean(name, Secret.class, secret));
        return route.add();
    }

    /** Stops and removes the instance's routes; nothing happens for an unknown instance. */
    public synchronized void remove(String instanceId) throws Exception {
        List<String> routeIds = routesByInstance.remove(instanceId);
        if (routeIds == null) {
            return;
        }
        for (String routeId : routeIds) {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        }
    }

    /** The ids of the instance's routes, empty for an unknown instance or one with events off. */
    public List<String> routeIds(String instanceId) {
        return routesByInstance.getOrDefault(instanceId, List.of());
    }

    private EndpointUris pollUri(String instanceId, InstanceDefinition instance, PollResource resource) {
        EventSettings events = instance.events();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("instanceId", instanceId);
        if (instance.name() != null) {
            options.put("instanceName", instance.name());
        }
        if (instance.elementKey() != null) {
            options.put("elementKey", instance.elementKey());
        }
        options.put("delay", Long.toString(events.refreshIntervalMillis()));
        options.putAll(events.vendorOptions());
        EndpointUris uri = new EndpointUris("openconnectors:poll:" + resource.name());
        if (!options.containsKey("baseUrl") && !isAbsolute(resource.options().get("url"))) {
            String base = connectorBaseUrls.apply(instance.elementKey()).orElseThrow(() -> new InvalidSettingsException(
                    "Cannot poll instance " + instanceId, List.of(new SettingProblem(
                            InstanceParser.POLLER_CONFIGURATION + "." + resource.name() + ".url",
                            "'" + resource.options().get("url") + "' is relative, and neither base.url nor connector '"
                                                                                   + instance.elementKey() + "' gives a base URL"))));
            options.put("baseUrl", base);
        }
        options.putAll(resource.options());
        options.forEach((name, value) -> {
            if (ResourceKeys.isSecretOption(name)) {
                uri.secret(name, value);
            } else {
                uri.option(name, value);
            }
        });
        return uri;
    }

    private static EndpointUris webhookUri(String instanceId, InstanceDefinition instance) {
        EndpointUris uri = new EndpointUris("openconnectors:webhook:" + instanceId)
                .option("instanceId", instanceId)
                .option("path", webhookPath(instance.elementKey(), instanceId));
        if (instance.name() != null) {
            uri.option("instanceName", instance.name());
        }
        if (instance.elementKey() != null) {
            uri.option("elementKey", instance.elementKey());
        }
        instance.events().webhookOptions().forEach((name, value) -> {
            if (WebhookKeys.isSecretOption(name)) {
                uri.secret(name, value);
            } else {
                uri.option(name, value);
            }
        });
        return uri;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static EndpointUris callbackUri(String instanceId, EventSettings events) {
        EndpointUris uri = new EndpointUris("openconnectors:callback:" + instanceId).option("callbackUrl", events.callbackUrl());
        if (events.signatureKey() != null) {
            uri.secret("signatureSecret", events.signatureKey());
        }
        return uri;
    }

    private static boolean isAbsolute(String url) {
        return url != null && (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8));
    }

    private void installTemplates() throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        if (model.getRouteTemplateDefinition(POLL_TEMPLATE) != null) {
            return;
        }
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                routeTemplate(POLL_TEMPLATE)
                        .templateParameter("fromUri", null, "the openconnectors:poll endpoint of one resource")
                        .templateParameter("callbackUri", null, "the instance's openconnectors:callback endpoint")
                        .from("{{fromUri}}")
                        .to("{{callbackUri}}");
                routeTemplate(WEBHOOK_TEMPLATE)
                        .templateParameter("fromUri", null, "the instance's openconnectors:webhook endpoint")
                        .templateParameter("callbackUri", null, "the instance's openconnectors:callback endpoint")
                        .from("{{fromUri}}")
                        .to("{{callbackUri}}");
            }
        });
    }
}
