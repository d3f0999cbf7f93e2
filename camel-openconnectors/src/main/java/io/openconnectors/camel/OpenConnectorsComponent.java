package io.openconnectors.camel;

import java.io.File;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import javax.sql.DataSource;

import io.openconnectors.camel.callback.CallbackDispatcher;
import io.openconnectors.camel.callback.CallbackFailures;
import io.openconnectors.camel.callback.CallbackHealthCheck;
import io.openconnectors.camel.callback.InstanceBacklogs;
import io.openconnectors.camel.callback.RetrySchedule;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.metrics.EventMetrics;
import io.openconnectors.camel.store.EventStore;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.camel.store.OwnedEventStore;
import io.openconnectors.camel.store.Transactions;
import io.openconnectors.camel.webhook.SharedWebhookPaths;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code openconnectors} component: events out of SaaS APIs, the way SAP Open Connectors delivers them.
 */
@Component("openconnectors")
public class OpenConnectorsComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(OpenConnectorsComponent.class);

    @Metadata(label = "consumer,advanced")
    private StateRepository<String, String> stateRepository;
    @Metadata(label = "consumer", defaultValue = "data/openconnectors-poll-windows.dat")
    private String stateFile = "data/openconnectors-poll-windows.dat";
    @Metadata(label = "delivery")
    private EventStore eventStore;
    @Metadata(label = "delivery", enums = "auto,true,false", defaultValue = "auto")
    private String durable = "auto";
    @Metadata(label = "delivery", secret = true)
    private String jdbcUrl;
    @Metadata(label = "delivery")
    private String jdbcUser;
    @Metadata(label = "delivery", secret = true)
    private String jdbcPassword;
    @Metadata(label = "delivery")
    private DataSource dataSource;
    @Metadata(label = "delivery", defaultValue = "5")
    private int maxRetries = RetrySchedule.OPEN_CONNECTORS.maxRetries();
    @Metadata(label = "delivery", defaultValue = "2")
    private double retryBase = RetrySchedule.OPEN_CONNECTORS.base();
    @Metadata(label = "delivery", defaultValue = "3")
    private double retryFactor = RetrySchedule.OPEN_CONNECTORS.factor();
    @Metadata(label = "delivery", defaultValue = "1000", javaType = "java.time.Duration")
    private long retryUnit = RetrySchedule.OPEN_CONNECTORS.unit().toMillis();
    @Metadata(label = "delivery", defaultValue = "43200000", javaType = "java.time.Duration")
    private long retryMaxDelay = RetrySchedule.OPEN_CONNECTORS.maxDelay().toMillis();
    @Metadata(label = "delivery", defaultValue = "0.1")
    private double retryJitter = RetrySchedule.OPEN_CONNECTORS.jitter();
    @Metadata(label = "delivery", defaultValue = "16")
    private int deliveryThreads = 16;
    @Metadata(label = "delivery", defaultValue = "8")
    private int maxDeliveriesPerHost = 8;
    @Metadata(label = "delivery", defaultValue = "60000", javaType = "java.time.Duration")
    private long deliveryLease = 60_000;
    @Metadata(label = "delivery", defaultValue = "2592000000", javaType = "java.time.Duration")
    private long historyRetention = Duration.ofDays(30).toMillis();
    @Metadata(label = "delivery,health", defaultValue = "300000", javaType = "java.time.Duration")
    private long callbackDownAfter = Duration.ofMinutes(5).toMillis();
    @Metadata(label = "delivery,health", defaultValue = "10000")
    private long backlogDownAbove = 10_000;

    @Metadata(label = "advanced", autowired = true)
    private MeterRegistry meterRegistry;
    @Metadata(label = "advanced", defaultValue = "true")
    private boolean metricsPerInstance = true;

    @Metadata(label = "consumer,scheduler", defaultValue = "10")
    private int pollThreads = 10;

    @Metadata(label = "security")
    private EgressPolicy egressPolicy;
    @Metadata(label = "security", defaultValue = "false")
    private boolean egressStrict;
    @Metadata(label = "security")
    private String egressAllow;

    private StateRepository<String, String> ownedStateRepository;
    private CallbackDispatcher dispatcher;
    private final CallbackFailures callbackFailures = new CallbackFailures(Clock.systemUTC());
    private CallbackHealthCheck callbackHealthCheck;
    private InstanceBacklogs instanceBacklogs;
    private volatile EventMetrics metrics = EventMetrics.NONE;
    private OwnedEventStore ownedStore;
    /** Whether the settings were read for a store already: a component with none looks once. */
    private boolean configuredStoreLooked;
    private List<Meter> backlogGauges = List.of();
    private ScheduledExecutorService pollScheduler;
    private final SharedWebhookPaths sharedWebhookPaths = new SharedWebhookPaths();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int colon = remaining.indexOf(':');
        if (colon <= 0 || colon == remaining.length() - 1) {
            throw new IllegalArgumentException(
                    "Expected openconnectors:poll:<resource>, openconnectors:webhook:<name> or openconnectors:callback:<name>, not "
                                               + "openconnectors:" + remaining);
        }
        OpenConnectorsEndpoint endpoint = new OpenConnectorsEndpoint(uri, this);
        EndpointKind kind = getCamelContext().getTypeConverter().mandatoryConvertTo(EndpointKind.class, remaining.substring(0, colon));
        List<SettingProblem> misplaced = OptionKinds.misplaced(kind, parameters.keySet());
        if (!misplaced.isEmpty()) {
            throw new InvalidSettingsException("openconnectors:" + remaining, misplaced);
        }
        endpoint.setKind(kind);
        endpoint.setName(remaining.substring(colon + 1));
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * The repository for endpoints that name none: the configured one, else the event store's (so that windows commit
     * with notifications), else a file.
     */
    synchronized StateRepository<String, String> defaultStateRepository() {
        if (stateRepository != null) {
            return stateRepository;
        }
        openConfiguredStore();
        if (eventStore != null) {
            return eventStore.stateRepository();
        }
        if (ownedStateRepository == null) {
            FileStateRepository files = FileStateRepository.fileStateRepository(new File(stateFile));
            ServiceHelper.startService(files);
            ownedStateRepository = files;
        }
        return ownedStateRepository;
    }

    /** The platform-http routes that webhook consumers with a {@code pathTemplate} share. */
    public SharedWebhookPaths sharedWebhookPaths() {
        return sharedWebhookPaths;
    }

    /**
     * The scheduler poll consumers share unless their endpoint names its own; {@code null} when each consumer is to
     * have a thread of its own ({@code pollThreads=0}).
     */
    synchronized ScheduledExecutorService pollScheduler() {
        if (pollScheduler == null && pollThreads > 0) {
            ThreadPoolProfile profile = new ThreadPoolProfile("openconnectors-poll");
            profile.setPoolSize(pollThreads);
            // each consumer keeps one task queued: the default bound (1,000) would refuse the 1,001st consumer
            profile.setMaxQueueSize(0);
            pollScheduler = getCamelContext().getExecutorServiceManager()
                    .newScheduledThreadPool(this, "openconnectors-poll", profile);
        }
        return pollScheduler;
    }

    /**
     * The policy every endpoint's HTTP client connects under: egressPolicy, else the one egressStrict and egressAllow
     * describe.
     *
     * @throws IllegalArgumentException when the options contradict each other or the allowlist has a bad entry
     */
    EgressPolicy egressPolicy() {
        boolean allowGiven = egressAllow != null && !egressAllow.isBlank();
        if (egressPolicy != null) {
            if (egressStrict || allowGiven) {
                throw new IllegalArgumentException("egressPolicy is set: set strict mode and the allowlist on it, not with "
                                                   + "egressStrict or egressAllow");
            }
            return egressPolicy;
        }
        if (!egressStrict) {
            if (allowGiven) {
                throw new IllegalArgumentException("egressAllow only lifts strict mode's refusals: set egressStrict=true too");
            }
            return EgressPolicy.DEFAULT;
        }
        return EgressPolicy.strict(egressAllow);
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        egressPolicy(); // a contradiction or a bad allowlist entry fails the start, not the first route
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        openConfiguredStore();
        // found now if it was bound after this component was created (autowiring looks when the component is added)
        MeterRegistry meters = meterRegistry != null ? meterRegistry
                : CamelContextHelper.findSingleByType(getCamelContext(), MeterRegistry.class);
        if (meters != null) {
            metrics = new EventMetrics(meters, metricsPerInstance, Clock.systemUTC());
            if (eventStore != null) {
                backlogGauges = metrics.backlog(eventStore::countByStatus);
            }
        }
        if (eventStore != null) {
            RetrySchedule schedule = new RetrySchedule(maxRetries, retryBase, retryFactor, Duration.ofMillis(retryUnit),
                    Duration.ofMillis(retryMaxDelay), retryJitter);
            dispatcher = new CallbackDispatcher(getCamelContext(), eventStore, schedule, deliveryThreads, maxDeliveriesPerHost,
                    Duration.ofMillis(deliveryLease), Duration.ofMillis(historyRetention), callbackFailures, metrics, Clock.systemUTC());
            ServiceHelper.startService(dispatcher);
        }
        instanceBacklogs = eventStore == null ? null : new InstanceBacklogs(eventStore, Clock.systemUTC());
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null) {
            callbackHealthCheck = new CallbackHealthCheck(callbackFailures, Duration.ofMillis(callbackDownAfter),
                    instanceBacklogs, backlogDownAbove, Clock.systemUTC());
            health.register(callbackHealthCheck);
        }
    }

    @Override
    protected void doStop() throws Exception {
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null && callbackHealthCheck != null) {
            health.unregister(callbackHealthCheck);
        }
        callbackHealthCheck = null;
        instanceBacklogs = null;
        metrics.remove(backlogGauges);
        backlogGauges = List.of();
        metrics = EventMetrics.NONE;
        ServiceHelper.stopService(dispatcher);
        dispatcher = null;
        synchronized (this) {
            if (pollScheduler != null) {
                getCamelContext().getExecutorServiceManager().shutdown(pollScheduler);
                pollScheduler = null;
            }
            ServiceHelper.stopService(ownedStateRepository);
            ownedStateRepository = null;
        }
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        // the store lives as long as the component: consumers took its transactions when their routes were set up
        synchronized (this) {
            if (ownedStore != null) {
                ownedStore.close();
                ownedStore = null;
                eventStore = null;
            }
            configuredStoreLooked = false;
        }
        super.doShutdown();
    }

    /**
     * Opens, once, the event store the settings name when none was given: jdbcUrl, the dataSource (set, or the only
     * one in the registry unless durable=false), else with durable=true the embedded H2 file beside stateFile. Called
     * by the first that needs it (consumers set up their routes before components start), once settings are bound.
     */
    private synchronized void openConfiguredStore() {
        if (!List.of("auto", "true", "false").contains(durable)) {
            throw new InvalidOptionException("durable", "'" + durable + "' is not auto, true or false");
        }
        if (eventStore != null || "false".equals(durable) || configuredStoreLooked) {
            return;
        }
        configuredStoreLooked = true;
        DataSource database = dataSource;
        if (database == null && jdbcUrl == null) {
            database = CamelContextHelper.findSingleByType(getCamelContext(), DataSource.class);
        }
        if (database != null) {
            ownedStore = OwnedEventStore.on(database);
        } else if (jdbcUrl != null) {
            ownedStore = OwnedEventStore.at(jdbcUrl, jdbcUser, jdbcPassword);
        } else if ("true".equals(durable)) {
            Path file = Path.of(stateFile).toAbsolutePath().resolveSibling("openconnectors-events");
            ownedStore = OwnedEventStore.at(JdbcEventStore.h2FileUrl(file), null, null);
        } else {
            int dataSources = getCamelContext().getRegistry().findByType(DataSource.class).size();
            if (dataSources > 1) {
                LOG.warn("Durable delivery is off: the registry holds {} DataSources and none is named; set dataSource"
                         + " (#bean:name) or jdbcUrl, or durable=false to say it is meant", dataSources);
            }
            return;
        }
        eventStore = ownedStore.store();
        LOG.info("Durable delivery: notifications are stored in {} before they are acknowledged", ownedStore.where());
    }

    /** How consumers make what they acknowledge durable: in the event store's transactions, when there is one. */
    Transactions transactions() {
        openConfiguredStore();
        return eventStore == null ? Transactions.NONE : Transactions.of(eventStore);
    }

    /**
     * Makes queued and retry-scheduled notifications due again under their ids (all, an instance's, or one); their
     * callbacks may receive again even if they answered 410 Gone.
     *
     * @param  instanceId            narrows to one instance, or {@code null}
     * @param  eventId               narrows to one notification, or {@code null}
     * @return                       the ids made due
     * @throws IllegalStateException without an event store
     */
    public List<String> redeliver(String instanceId, String eventId) {
        if (eventStore == null || dispatcher == null) {
            throw new IllegalStateException("Redelivery needs an event store on the started component");
        }
        List<String> ids = eventStore.redeliver(instanceId, eventId);
        dispatcher.redelivered();
        return ids;
    }

    /** The dispatcher delivering stored notifications; {@code null} without an event store. */
    CallbackDispatcher dispatcher() {
        return dispatcher;
    }

    public String getDurable() {
        return durable;
    }

    /**
     * Whether notifications are stored before they are acknowledged, then delivered with retries. auto: yes when
     * eventStore, jdbcUrl or dataSource is set or the registry holds exactly one DataSource. true: also without a
     * database named, in an embedded H2 file, openconnectors-events.mv.db beside stateFile. false: delivered directly,
     * never stored.
     */
    public void setDurable(String durable) {
        this.durable = durable;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The database of durable delivery (jdbc:postgresql://..., jdbc:h2:file:...), reached through a pool of the
     * component's; its JDBC driver must be on the classpath. The tables are created or migrated at start. Treated as
     * a secret, since a URL may carry a password; the log names the database only.
     */
    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getJdbcUser() {
        return jdbcUser;
    }

    /**
     * The user jdbcUrl connects as.
     */
    public void setJdbcUser(String jdbcUser) {
        this.jdbcUser = jdbcUser;
    }

    public String getJdbcPassword() {
        return jdbcPassword;
    }

    /**
     * The password of jdbcUser.
     */
    public void setJdbcPassword(String jdbcPassword) {
        this.jdbcPassword = jdbcPassword;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    /**
     * The application's database for durable delivery; the tables are created or migrated at start. Unset, the
     * registry's only DataSource is used unless durable=false.
     */
    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Where polls, webhooks and deliveries are counted: the meter registry's, or nowhere. */
    public EventMetrics metrics() {
        return metrics;
    }

    public MeterRegistry getMeterRegistry() {
        return meterRegistry;
    }

    /**
     * The Micrometer registry polls, webhooks, notifications and deliveries are counted in (docs/metrics.md); found in
     * the registry when it holds exactly one. Without it nothing is counted.
     */
    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    public boolean isMetricsPerInstance() {
        return metricsPerInstance;
    }

    /**
     * Whether poll and webhook meters carry their instance's id as a tag. Turn it off with many thousands of instances:
     * they are then summed under instance=all.
     */
    public void setMetricsPerInstance(boolean metricsPerInstance) {
        this.metricsPerInstance = metricsPerInstance;
    }

    /** Which callback hosts are failing now, and since when. */
    public CallbackFailures callbackFailures() {
        return callbackFailures;
    }

    /** The store's backlog per instance, read at most every ten seconds; {@code null} without a store. */
    public InstanceBacklogs instanceBacklogs() {
        return instanceBacklogs;
    }

    public long getBacklogDownAbove() {
        return backlogDownAbove;
    }

    /**
     * How many notifications of one instance may wait for delivery (stored, retrying or queued) before health says
     * DOWN: the callbacks check, and a gateway instance's own. 0: no bound.
     */
    public void setBacklogDownAbove(long backlogDownAbove) {
        this.backlogDownAbove = backlogDownAbove;
    }

    public long getCallbackDownAfter() {
        return callbackDownAfter;
    }

    /**
     * How long a callback host may fail before health says DOWN (the callbacks check, and a gateway instance whose
     * callback it is). Meanwhile one WARN a minute tells of the failures.
     */
    public void setCallbackDownAfter(long callbackDownAfter) {
        this.callbackDownAfter = callbackDownAfter;
    }

    public StateRepository<String, String> getStateRepository() {
        return stateRepository;
    }

    /**
     * Where poll windows are kept for every endpoint that sets none (a Camel StateRepository). By default a file,
     * see stateFile.
     */
    public void setStateRepository(StateRepository<String, String> stateRepository) {
        this.stateRepository = stateRepository;
    }

    public String getStateFile() {
        return stateFile;
    }

    /**
     * The file that keeps poll windows when no stateRepository is set.
     */
    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }

    public EventStore getEventStore() {
        return eventStore;
    }

    /**
     * Durable delivery: callback endpoints store each notification here before the consumer acknowledges it (a
     * JdbcEventStore on PostgreSQL or H2), and a dispatcher delivers, retries and queues them. Poll windows then live in
     * the same database. Without it, callbacks are POSTed directly and a failure fails the exchange.
     */
    public void setEventStore(EventStore eventStore) {
        if (isStarted()) {
            throw new IllegalStateException("Set the event store before the component starts");
        }
        this.eventStore = eventStore;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    /**
     * Retries after the first failed delivery before a notification is queued (Open Connectors: 5).
     */
    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public double getRetryBase() {
        return retryBase;
    }

    /**
     * Retry x waits retryUnit x retryBase^(retryFactor x x): with 2 and 3, 8 s, 64 s, 512 s, ...
     */
    public void setRetryBase(double retryBase) {
        this.retryBase = retryBase;
    }

    public double getRetryFactor() {
        return retryFactor;
    }

    /**
     * See retryBase.
     */
    public void setRetryFactor(double retryFactor) {
        this.retryFactor = retryFactor;
    }

    public long getRetryUnit() {
        return retryUnit;
    }

    /**
     * The unit of the retry schedule (1 second; a millisecond compresses the schedule for tests).
     */
    public void setRetryUnit(long retryUnit) {
        this.retryUnit = retryUnit;
    }

    public long getRetryMaxDelay() {
        return retryMaxDelay;
    }

    /**
     * The longest wait between two attempts, also when the callback asks for more with Retry-After.
     */
    public void setRetryMaxDelay(long retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public double getRetryJitter() {
        return retryJitter;
    }

    /**
     * How much each wait is spread, as a fraction (0.1: plus or minus 10%), so that retries of many notifications do
     * not all come at once.
     */
    public void setRetryJitter(double retryJitter) {
        this.retryJitter = retryJitter;
    }

    public int getDeliveryThreads() {
        return deliveryThreads;
    }

    /**
     * Deliveries at the same time, in all.
     */
    public void setDeliveryThreads(int deliveryThreads) {
        this.deliveryThreads = deliveryThreads;
    }

    public int getMaxDeliveriesPerHost() {
        return maxDeliveriesPerHost;
    }

    /**
     * The most deliveries at the same time to one callback host. A host starts with one and earns more by answering
     * promptly, up to this; a 429, a 5xx or no answer halves it, and a host that does not answer is paused, so that one
     * slow receiver cannot hold every thread.
     */
    public void setMaxDeliveriesPerHost(int maxDeliveriesPerHost) {
        this.maxDeliveriesPerHost = maxDeliveriesPerHost;
    }

    public long getDeliveryLease() {
        return deliveryLease;
    }

    /**
     * How long a claimed delivery may take before another dispatcher (after a crash, or on another node) takes it over.
     * Keep it well above the callbacks' connectTimeout plus responseTimeout: a delivery that outlives it is delivered
     * again by the other dispatcher (same Elements-Webhook-Id), and its own outcome is not recorded.
     */
    public void setDeliveryLease(long deliveryLease) {
        this.deliveryLease = deliveryLease;
    }

    public long getHistoryRetention() {
        return historyRetention;
    }

    /**
     * How long notified notifications (and their attempts) stay in the event store's history; 0 keeps them. Queued and
     * pending ones are never forgotten.
     */
    public void setHistoryRetention(long historyRetention) {
        this.historyRetention = historyRetention;
    }

    public EgressPolicy getEgressPolicy() {
        return egressPolicy;
    }

    /**
     * Which addresses callbacks and vendor requests may connect to, checked on every address actually connected to (after
     * DNS). Without it, egressStrict and egressAllow decide; by default only cloud metadata (169.254.169.254,
     * metadata.google.internal, ...), link-local and the unspecified address (0.0.0.0) are refused. Build one with
     * EgressPolicy.strict(allowList), and withProtectedPorts(port) to keep callbacks off your own server's port.
     */
    public void setEgressPolicy(EgressPolicy egressPolicy) {
        this.egressPolicy = egressPolicy;
    }

    public boolean isEgressStrict() {
        return egressStrict;
    }

    /**
     * Strict egress: also refuse loopback, private networks (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10),
     * unique-local IPv6 (fc00::/7) and this machine's own addresses, unless egressAllow lists them. For callback URLs
     * that users of an API give.
     */
    public void setEgressStrict(boolean egressStrict) {
        this.egressStrict = egressStrict;
    }

    public String getEgressAllow() {
        return egressAllow;
    }

    /**
     * With egressStrict: what strict mode allows after all, comma-separated CIDR blocks, addresses and host names (as
     * URLs write them, case-insensitive), e.g. 10.0.0.0/8,127.0.0.1/32,crm.internal. Cloud metadata and link-local stay
     * refused.
     */
    public void setEgressAllow(String egressAllow) {
        this.egressAllow = egressAllow;
    }

    public int getPollThreads() {
        return pollThreads;
    }

    /**
     * Threads shared by every poll consumer that sets no scheduledExecutorService of its own. Thousands of instances
     * then cost a few threads, not one each; 0 gives each consumer its own thread (Camel's default).
     */
    public void setPollThreads(int pollThreads) {
        this.pollThreads = pollThreads;
    }
}
