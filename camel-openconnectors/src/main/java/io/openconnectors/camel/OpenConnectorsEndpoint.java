package io.openconnectors.camel;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.openconnectors.camel.callback.CallbackConfiguration;
import io.openconnectors.camel.callback.CallbackProducer;
import io.openconnectors.camel.callback.CallbackSender;
import io.openconnectors.camel.callback.CallbackSigner;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.event.EventSource;
import io.openconnectors.camel.http.PooledHttpClients;
import io.openconnectors.camel.poll.PollConfiguration;
import io.openconnectors.camel.store.Transactions;
import io.openconnectors.camel.poll.PollConsumer;
import io.openconnectors.camel.webhook.WebhookConfiguration;
import io.openconnectors.camel.webhook.WebhookConsumer;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;
import org.apache.camel.util.IOHelper;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Events out of SaaS APIs: poll a vendor's REST API for changed records, receive its webhooks, and deliver signed
 * notifications to a callback URL, as SAP Open Connectors does.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "openconnectors", title = "Open Connectors Events",
             syntax = "openconnectors:kind:name", category = { Category.SAAS, Category.HTTP },
             headersClass = OpenConnectorsConstants.class)
public class OpenConnectorsEndpoint extends ScheduledPollEndpoint {

    /** Polls every minute unless told otherwise: the scheduler's own default of 500 ms would hammer a vendor. */
    static final long DEFAULT_POLL_DELAY_MILLIS = 60_000;
    /** Open Connectors' limits: at most 10 events per polling notification, 20 per webhook notification. */
    static final int DEFAULT_POLL_EVENTS = 10;
    static final int DEFAULT_WEBHOOK_EVENTS = 20;

    @UriPath
    @Metadata(required = true)
    private EndpointKind kind;
    @UriPath
    @Metadata(required = true)
    private String name;
    @UriParam(defaultValue = "default")
    private String instanceId = "default";
    @UriParam
    private String instanceName;
    @UriParam
    private String elementKey;
    @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
    private long connectTimeout = 10_000;
    @UriParam(label = "advanced", defaultValue = "30000", javaType = "java.time.Duration")
    private long responseTimeout = 30_000;
    @UriParam(label = "advanced", defaultValue = "20")
    private int maxConnectionsPerHost = 20;
    @UriParam(label = "consumer")
    private Integer maxEventsPerNotification;
    @UriParam(label = "consumer,advanced")
    private StateRepository<String, String> stateRepository;
    @UriParam
    private PollConfiguration pollConfiguration = new PollConfiguration();
    @UriParam
    private WebhookConfiguration webhookConfiguration = new WebhookConfiguration();
    @UriParam
    private CallbackConfiguration callbackConfiguration = new CallbackConfiguration();

    private CloseableHttpClient httpClient;

    public OpenConnectorsEndpoint(String uri, OpenConnectorsComponent component) {
        super(uri, component);
        setDelay(DEFAULT_POLL_DELAY_MILLIS);
    }

    @Override
    public OpenConnectorsComponent getComponent() {
        return (OpenConnectorsComponent) super.getComponent();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (kind == EndpointKind.poll && getScheduledExecutorService() == null) {
            setScheduledExecutorService(getComponent().pollScheduler());
        }
        Consumer consumer = switch (kind) {
            case poll -> new PollConsumer(this, processor);
            case webhook -> new WebhookConsumer(this, processor);
            case callback -> throw new IllegalArgumentException(
                    "openconnectors:callback cannot consume; use openconnectors:poll or openconnectors:webhook");
        };
        configureConsumer(consumer);
        return consumer;
    }

    /** The most events one notification of this endpoint carries: the option, or the kind's default. */
    public int maxEventsPerNotification() {
        if (maxEventsPerNotification == null) {
            return kind == EndpointKind.webhook ? DEFAULT_WEBHOOK_EVENTS : DEFAULT_POLL_EVENTS;
        }
        if (maxEventsPerNotification < 1) {
            throw new IllegalArgumentException("maxEventsPerNotification: " + maxEventsPerNotification
                                               + " is below the minimum of 1");
        }
        return maxEventsPerNotification;
    }

    @Override
    public Producer createProducer() throws Exception {
        if (kind != EndpointKind.callback) {
            throw new IllegalArgumentException("openconnectors:" + kind + " cannot produce; use openconnectors:callback");
        }
        if (callbackConfiguration.getCallbackUrl() == null) {
            throw new IllegalArgumentException("openconnectors:callback needs callbackUrl");
        }
        URI url = CallbackUrls.parse("callbackUrl", callbackConfiguration.getCallbackUrl());
        Clock clock = Clock.systemUTC();
        CallbackSender sender = new CallbackSender(httpClient(), url, CallbackSigner.of(callbackConfiguration, clock), clock);
        return new CallbackProducer(this, name, sender, getComponent().getEventStore(), getComponent().dispatcher(),
                callbackConfiguration.isOrdered(), getComponent().callbackFailures(), clock);
    }

    /** Where this endpoint's polls, webhooks and deliveries are counted. */
    public EventMetrics metrics() {
        return getComponent().metrics();
    }

    /** Who the events of this endpoint come from: written into every notification. */
    public EventSource eventSource() {
        return new EventSource(instanceId, instanceName, elementKey);
    }

    /** Where this endpoint's poll windows are kept: its own repository, else the component's. */
    public StateRepository<String, String> pollWindows() {
        return stateRepository != null ? stateRepository : getComponent().defaultStateRepository();
    }

    /** How consumers make what they acknowledge durable: in the event store's transactions, when there is one. */
    public Transactions transactions() {
        return getComponent().transactions();
    }

    /** The endpoint's one pooled client, shared by its consumers and producers, under the component's egress policy. */
    public synchronized CloseableHttpClient httpClient() {
        if (httpClient == null) {
            httpClient = PooledHttpClients.create(Duration.ofMillis(connectTimeout), Duration.ofMillis(responseTimeout),
                    maxConnectionsPerHost, getComponent().egressPolicy());
        }
        return httpClient;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            IOHelper.close(httpClient);
            httpClient = null;
        }
        super.doStop();
    }

    public EndpointKind getKind() {
        return kind;
    }

    /**
     * What the endpoint does: poll (a consumer polling the vendor's API), webhook (a consumer receiving the vendor's
     * webhooks) or callback (a producer delivering signed notifications).
     */
    public void setKind(EndpointKind kind) {
        this.kind = kind;
    }

    public String getName() {
        return name;
    }

    /**
     * For poll, the resource to poll (e.g. contacts), which becomes the events' objectType; for webhook and callback, a
     * name of your choice that tells endpoints apart.
     */
    public void setName(String name) {
        this.name = name;
    }

    public String getInstanceId() {
        return instanceId;
    }

    /**
     * The instance the events belong to. It is written into every notification and keys the saved poll window, so
     * keep it stable across restarts.
     */
    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public String getInstanceName() {
        return instanceName;
    }

    /**
     * The instance's name, written into every notification.
     */
    public void setInstanceName(String instanceName) {
        this.instanceName = instanceName;
    }

    public String getElementKey() {
        return elementKey;
    }

    /**
     * The connector key (the instance's element.key), written into every notification and event.
     */
    public void setElementKey(String elementKey) {
        this.elementKey = elementKey;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    /**
     * How long to wait for a connection to the vendor or the callback host, and for a free pooled one.
     */
    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    /**
     * How long the vendor's or the callback's answer may stay silent (between packets of it); past it the poll or the
     * delivery fails.
     */
    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Integer getMaxEventsPerNotification() {
        return maxEventsPerNotification;
    }

    /**
     * The most events one notification (one exchange, one callback POST) carries; a larger batch is split. Default: 10
     * for poll, 20 for webhook, as Open Connectors does.
     */
    public void setMaxEventsPerNotification(Integer maxEventsPerNotification) {
        this.maxEventsPerNotification = maxEventsPerNotification;
    }

    public int getMaxConnectionsPerHost() {
        return maxConnectionsPerHost;
    }

    /**
     * Connections the endpoint keeps open to one host (the vendor's API, or the callback); more concurrent requests
     * wait for one.
     */
    public void setMaxConnectionsPerHost(int maxConnectionsPerHost) {
        this.maxConnectionsPerHost = maxConnectionsPerHost;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where this endpoint keeps its poll window, instead of the component's.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public PollConfiguration getPollConfiguration() {
        return pollConfiguration;
    }

    /**
     * The poll consumer's options, set one by one as URI options.
     */
    public void setPollConfiguration(PollConfiguration pollConfiguration) {
        this.pollConfiguration = pollConfiguration;
    }

    public WebhookConfiguration getWebhookConfiguration() {
        return webhookConfiguration;
    }

    /**
     * The webhook consumer's options, set one by one as URI options.
     */
    public void setWebhookConfiguration(WebhookConfiguration webhookConfiguration) {
        this.webhookConfiguration = webhookConfiguration;
    }

    public CallbackConfiguration getCallbackConfiguration() {
        return callbackConfiguration;
    }

    /**
     * The callback producer's options, set one by one as URI options.
     */
    public void setCallbackConfiguration(CallbackConfiguration callbackConfiguration) {
        this.callbackConfiguration = callbackConfiguration;
    }
}
