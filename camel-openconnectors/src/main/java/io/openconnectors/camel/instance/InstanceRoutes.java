package io.openconnectors.camel.instance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.openconnectors.camel.EndpointKind;
import io.openconnectors.camel.InvalidSettingsException;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.OpenConnectorsEndpoint;
import io.openconnectors.camel.SettingProblem;
import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.http.UrlEncoding;
import io.openconnectors.camel.poll.PollConfiguration;
import io.openconnectors.camel.poll.PollConsumer;
import io.openconnectors.camel.store.EventStore;
import io.openconnectors.camel.webhook.WebhookConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;

/**
 * Runs instances as routes: adds and removes them, polls them now, reports their health, and retires their pending
 * notifications. The one place that knows how an instance maps to routes and endpoints.
 * <p>
 * A polling instance becomes one route per resource, {@code from(poll endpoint).to(callback endpoint)}; a webhook
 * instance one route receiving on {@link #webhookPath}. Every value of an instance came from an API caller, so none of
 * them is ever written into endpoint URI text, where Camel would resolve {@code {{...}}} property placeholders (also
 * inside {@code RAW(...)}) and {@code #bean:} references: the endpoints are built as objects, their options set through
 * typed setters, and their URIs hold only the instance id and the resource name, which are checked to be plain words.
 */
public final class InstanceRoutes {

    /** What may stand in an endpoint URI or route id: the instance id and the resource name are checked against it. */
    private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /**
     * Routes per call into Camel's model when many instances are added: large enough to share its walks of every route,
     * small enough for its check of each route's ids against the whole batch (quadratic in the batch) and for a failed
     * batch, which is taken out and added again one instance at a time.
     */
    private static final int ROUTES_PER_BATCH = 250;
    /** After this many failed polls of a resource in a row, that many polls are skipped. */
    static final int BACKOFF_AFTER_FAILURES = 3;
    static final int BACKOFF_SKIPPED_POLLS = 10;

    private final CamelContext context;
    private final Function<String, Optional<String>> connectorBaseUrls;
    private final RouteAdder adder;
    private final Map<String, List<Route>> routesByInstance = new ConcurrentHashMap<>();
    private volatile Function<String, ScheduledPollConsumerScheduler> pollSchedulers = routeId -> null;

    /**
     * @param connectorBaseUrls the base URL of each connector (element key), for relative poller URLs of instances
     *                          that set no {@code base.url}
     */
    public InstanceRoutes(CamelContext context, Function<String, Optional<String>> connectorBaseUrls) {
        this.context = context;
        this.connectorBaseUrls = connectorBaseUrls;
        this.adder = new RouteAdder(context);
    }

    /**
     * Who schedules the polls of the routes added from here on, by route id; a {@code null} scheduler keeps Camel's
     * own. Several nodes that share their instances give each poll route one scheduler for all of them, so that each
     * resource is polled once per interval across them.
     */
    public void setPollSchedulers(Function<String, ScheduledPollConsumerScheduler> pollSchedulers) {
        this.pollSchedulers = pollSchedulers;
    }

    /**
     * Adds the instance's event routes; they start at once when the context runs. An instance with events off gets
     * none.
     *
     * @param  instanceId               letters, digits, '_', '-' and '.'
     * @return                          the ids of the routes added
     * @throws IllegalArgumentException when the instance id is not such a word
     */
    public synchronized List<String> add(String instanceId, InstanceDefinition instance) throws Exception {
        List<RouteAdder.Planned> planned = plan(instanceId, instance);
        routesByInstance.put(instanceId, adder.addAll(planned));
        return routeIds(instanceId);
    }

    /**
     * Adds the routes of many instances, as {@link #add} does for one, in batches: each call into Camel's model walks
     * every route once, so a restart of n instances adds them in far fewer calls. An instance that cannot start does not
     * keep the others from starting: its batch is added again instance by instance.
     *
     * @return why each instance that got no routes could not start, by instance id; empty when all started
     */
    public synchronized Map<String, Exception> addAll(Map<String, InstanceDefinition> instances) {
        Map<String, Exception> failures = new LinkedHashMap<>();
        Map<String, List<RouteAdder.Planned>> batch = new LinkedHashMap<>();
        int batchRoutes = 0;
        for (Map.Entry<String, InstanceDefinition> instance : instances.entrySet()) {
            try {
                List<RouteAdder.Planned> planned = plan(instance.getKey(), instance.getValue());
                batch.put(instance.getKey(), planned);
                batchRoutes += planned.size();
            } catch (Exception e) {
                failures.put(instance.getKey(), e);
            }
            if (batchRoutes >= ROUTES_PER_BATCH) {
                addBatch(batch, instances, failures);
                batch.clear();
                batchRoutes = 0;
            }
        }
        addBatch(batch, instances, failures);
        return failures;
    }

    private void addBatch(Map<String, List<RouteAdder.Planned>> batch, Map<String, InstanceDefinition> instances,
            Map<String, Exception> failures) {
        try {
            Iterator<Route> added = adder.addAll(batch.values().stream().flatMap(List::stream).toList()).iterator();
            batch.forEach((instanceId, planned) -> routesByInstance.put(instanceId,
                    planned.stream().map(route -> added.next()).toList()));
        } catch (Exception batchFailed) {
            // the batch's endpoints went with its routes: each instance is planned again
            for (String instanceId : batch.keySet()) {
                try {
                    add(instanceId, instances.get(instanceId));
                } catch (Exception e) {
                    failures.put(instanceId, e);
                }
            }
        }
    }

    /** The instance's routes, with their endpoints built and registered, not yet added. */
    private List<RouteAdder.Planned> plan(String instanceId, InstanceDefinition instance) {
        if (!PLAIN_WORD.matcher(instanceId).matches()) {
            throw new IllegalArgumentException("instance id '" + instanceId + "' is not a plain word of letters, digits, '_', '-' and '.'");
        }
        if (routesByInstance.containsKey(instanceId)) {
            throw new IllegalStateException("Instance " + instanceId + " already has routes; remove them first");
        }
        EventSection events = instance.events();
        if (!events.enabled()) {
            return List.of();
        }
        Endpoint callback = callbackEndpoint(instanceId, events);
        if (events.vendorType() != VendorType.POLLING) {
            return List.of(new RouteAdder.Planned("openconnectors-" + instanceId + "-webhook",
                    webhookEndpoint(instanceId, instance), callback));
        }
        List<RouteAdder.Planned> planned = new ArrayList<>();
        for (PollResource resource : events.resources()) {
            String routeId = "openconnectors-" + instanceId + "-poll-" + resource.name();
            planned.add(new RouteAdder.Planned(routeId, pollEndpoint(routeId, instanceId, instance, resource), callback));
        }
        return planned;
    }

    /** The one platform-http route every webhook instance receives through, each on its own path. */
    static final String WEBHOOK_PATH_TEMPLATE = "/events/{elementKey}/{instanceId}";

    /** The path a webhook instance receives on: {@code /events/<elementKey>/<instanceId>}. */
    public static String webhookPath(String elementKey, String instanceId) {
        return "/events/" + UrlEncoding.component(elementKey) + "/" + UrlEncoding.component(instanceId);
    }

    /**
     * Applies a changed instance live: its routes are rebuilt from {@code next}; poll windows and stored notifications
     * stay, being keyed by the instance id. If {@code next} cannot start, the routes of {@code previous} come back and
     * the failure is thrown, with the failure to bring them back, if any, suppressed in it.
     */
    public synchronized void replace(String instanceId, InstanceDefinition next, InstanceDefinition previous) throws Exception {
        remove(instanceId);
        try {
            add(instanceId, next);
        } catch (Exception e) {
            try {
                add(instanceId, previous);
            } catch (Exception restore) {
                e.addSuppressed(restore);
            }
            throw e;
        }
    }

    /** Stops and removes the instance's routes (and with them their endpoints); nothing happens for an unknown instance. */
    public synchronized void remove(String instanceId) throws Exception {
        List<Route> routes = routesByInstance.remove(instanceId);
        if (routes == null) {
            return;
        }
        for (Route route : routes) {
            context.getRouteController().stopRoute(route.getRouteId());
            context.removeRoute(route.getRouteId());
        }
    }

    /** The ids of the instance's routes, empty for an unknown instance or one with events off. */
    public List<String> routeIds(String instanceId) {
        return routes(instanceId).stream().map(Route::getRouteId).toList();
    }

    private List<Route> routes(String instanceId) {
        return routesByInstance.getOrDefault(instanceId, List.of());
    }

    /** How one of an instance's routes is doing. */
    public record RouteHealth(String routeId, ServiceStatus status, String lastPollFailure, Duration vendorClockSkew) {
    }

    /** How each of the instance's routes is doing: its status and, for a poll route, its last failure and clock skew. */
    public List<RouteHealth> health(String instanceId) {
        return routes(instanceId).stream().map(route -> {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            return route.getConsumer() instanceof PollConsumer poll
                    ? new RouteHealth(route.getRouteId(), status, poll.lastFailure(), poll.vendorClockSkew())
                    : new RouteHealth(route.getRouteId(), status, null, null);
        }).toList();
    }

    /**
     * When the instance's resources were last polled, on any node: the latest of its poll routes' last polls, empty
     * before the first or for an instance that does not poll. Reads each route's saved window.
     */
    public Optional<Instant> lastPoll(String instanceId) {
        return routes(instanceId).stream()
                .map(route -> route.getConsumer() instanceof PollConsumer poll ? poll.lastPolledAt() : null)
                .filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** Whether the instance has routes and every one of them is started. */
    public boolean running(String instanceId) {
        // asked for every webhook: the statuses only, not the health of each poll
        List<Route> routes = routes(instanceId);
        return !routes.isEmpty() && routes.stream()
                .allMatch(route -> context.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started);
    }

    /**
     * Polls every resource of the instance now, besides the schedule (see {@link PollConsumer#pollNow()}).
     *
     * @return how many resources were asked to poll: none for an instance without running poll routes
     */
    public int pollNow(String instanceId) {
        int asked = 0;
        for (Route route : routes(instanceId)) {
            if (route.getConsumer() instanceof PollConsumer poll) {
                poll.pollNow();
                asked++;
            }
        }
        return asked;
    }

    /**
     * Stops delivering what the instance's callback still has pending in the event store, and what a delivery under way
     * records later: they are queued with {@code reason}, for redelivery (see {@link EventStore#retire}). For an
     * instance that was removed, or whose events were switched off.
     *
     * @return how many pending notifications were queued; 0 without an event store
     */
    public int retire(String instanceId, String reason) {
        EventStore store = component().getEventStore();
        // the instance's callback endpoint is named after it (see callbackEndpoint): its notifications carry that name
        return store == null ? 0 : store.retire(instanceId, reason);
    }

    private Endpoint pollEndpoint(String routeId, String instanceId, InstanceDefinition instance, PollResource resource) {
        if (!PLAIN_WORD.matcher(resource.name()).matches()) {
            throw new IllegalArgumentException("resource name '" + resource.name() + "' is not a plain word");
        }
        EventSection events = instance.events();
        OpenConnectorsEndpoint endpoint = endpoint(EndpointKind.poll, resource.name(), instanceId, instance);
        endpoint.setDelay(events.refreshIntervalMillis());
        // a resource that keeps failing (a wrong URL, a vendor down) is not asked, nor warned about, at every interval:
        // after three failures in a row, ten polls are skipped before it is tried again
        endpoint.setBackoffErrorThreshold(BACKOFF_AFTER_FAILURES);
        endpoint.setBackoffMultiplier(BACKOFF_SKIPPED_POLLS);
        ScheduledPollConsumerScheduler scheduler = pollSchedulers.apply(routeId);
        if (scheduler != null) {
            // as the scheduler option is bound, so that the endpoint hands this scheduler to its consumer
            endpoint.configureProperties(new HashMap<>(Map.of("scheduler", scheduler)));
        }
        PollConfiguration config = endpoint.getPollConfiguration();
        events.vendorOptions().forEach((option, value) -> ResourceKeys.apply(config, option, value));
        resource.options().forEach((option, value) -> ResourceKeys.apply(config, option, value));
        if (config.getBaseUrl() == null && !UrlEncoding.isAbsoluteHttp(config.getUrl())) {
            config.setBaseUrl(connectorBaseUrls.apply(instance.elementKey()).orElseThrow(() -> new InvalidSettingsException(
                    "Cannot poll instance " + instanceId, List.of(new SettingProblem(
                            InstanceParser.POLLER_CONFIGURATION + "." + resource.name() + ".url",
                            "'" + config.getUrl() + "' is relative, and neither base.url nor connector '"
                                                                                   + instance.elementKey() + "' gives a base URL")))));
        }
        return register(endpoint);
    }

    private Endpoint webhookEndpoint(String instanceId, InstanceDefinition instance) {
        OpenConnectorsEndpoint endpoint = endpoint(EndpointKind.webhook, instanceId, instanceId, instance);
        WebhookConfiguration config = endpoint.getWebhookConfiguration();
        instance.events().webhookOptions()
                .forEach((option, value) -> WebhookKeys.byOption(option).orElseThrow().apply(config, value));
        config.setPath(webhookPath(instance.elementKey(), instanceId));
        config.setPathTemplate(WEBHOOK_PATH_TEMPLATE);
        return register(endpoint);
    }

    private Endpoint callbackEndpoint(String instanceId, EventSection events) {
        OpenConnectorsEndpoint endpoint = endpoint(EndpointKind.callback, instanceId, instanceId, null);
        endpoint.getCallbackConfiguration().setCallbackUrl(events.callbackUrl());
        CallbackConfiguration config = endpoint.getCallbackConfiguration();
        config.setSignatureSecret(events.signatureKey());
        events.callbackOptions().forEach((option, value) -> CallbackKeys.byOption(option).orElseThrow().apply(config, value));
        return register(endpoint);
    }

    /** An endpoint whose URI holds only {@code kind}, {@code name} and the instance id, all plain words. */
    private OpenConnectorsComponent component() {
        return context.getComponent("openconnectors", OpenConnectorsComponent.class);
    }

    private OpenConnectorsEndpoint endpoint(EndpointKind kind, String name, String instanceId, InstanceDefinition instance) {
        OpenConnectorsEndpoint endpoint = new InstanceEndpoint(
                "openconnectors:" + kind + ":" + name + "?instanceId=" + instanceId, component());
        endpoint.setKind(kind);
        endpoint.setName(name);
        endpoint.setInstanceId(instanceId);
        if (instance != null) {
            endpoint.setInstanceName(instance.name());
            endpoint.setElementKey(instance.elementKey());
        }
        return endpoint;
    }

    private Endpoint register(OpenConnectorsEndpoint endpoint) {
        try {
            context.addEndpoint(endpoint.getEndpointUri(), endpoint);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot add endpoint " + endpoint.getEndpointUri() + ": " + e.getMessage(), e);
        }
        return endpoint;
    }

}
