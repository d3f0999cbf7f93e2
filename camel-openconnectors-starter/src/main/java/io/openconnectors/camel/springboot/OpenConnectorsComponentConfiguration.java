package io.openconnectors.camel.springboot;

import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code openconnectors} component's options as Spring Boot properties, {@code camel.component.openconnectors.*},
 * with configuration metadata for IDE completion. Each set property is copied onto the component as it is created;
 * an unset one keeps the component's default. Bean options take a reference ({@code #bean:name}).
 * <p>
 * Written from the component's catalog; {@code OpenConnectorsComponentConfigurationTest} fails when an option is
 * missing here.
 */
@ConfigurationProperties(prefix = "camel.component.openconnectors")
public class OpenConnectorsComponentConfiguration extends ComponentConfigurationPropertiesCommon {

    /**
     * Allows for bridging the consumer to the Camel routing Error Handler, which mean any exceptions (if possible)
     * occurred while the Camel consumer is trying to pickup incoming messages, or the likes, will now be processed as
     * a message and handled by the routing Error Handler. Important: This is only possible if the 3rd party component
     * allows Camel to be alerted if an exception was thrown. Some components handle this internally only, and
     * therefore bridgeErrorHandler is not possible. In other situations we may improve the Camel component to hook
     * into the 3rd party component and make this possible for future releases. By default the consumer will use the
     * org.apache.camel.spi.ExceptionHandler to deal with exceptions, that will be logged at WARN or ERROR level and
     * ignored. Default: false.
     */
    private Boolean bridgeErrorHandler;

    /**
     * The file that keeps poll windows when no stateRepository is set. Default: data/openconnectors-poll-windows.dat.
     */
    private String stateFile;

    /**
     * Where poll windows are kept for every endpoint that sets none (a Camel StateRepository). By default a file, see
     * stateFile. A reference to a bean: #bean:name.
     */
    private String stateRepository;

    /**
     * Whether the producer should be started lazy (on the first message). By starting lazy you can use this to allow
     * CamelContext and routes to startup in situations where a producer may otherwise fail during starting and cause
     * the route to fail being started. By deferring this startup to be lazy then the startup failure can be handled
     * during routing messages via Camel's routing error handlers. Beware that when the first message is processed then
     * creating and starting the producer may take a little time and prolong the total processing time of the
     * processing. Default: false.
     */
    private Boolean lazyStartProducer;

    /**
     * Whether autowiring is enabled. This is used for automatic autowiring options (the option must be marked as
     * autowired) by looking up in the registry to find if there is a single instance of matching type, which then gets
     * configured on the component. This can be used for automatic configuring JDBC data sources, JMS connection
     * factories, AWS Clients, etc. Default: true.
     */
    private Boolean autowiredEnabled;

    /**
     * The Micrometer registry polls, webhooks, notifications and deliveries are counted in (docs/metrics.md); found in
     * the registry when it holds exactly one. Without it nothing is counted. A reference to a bean: #bean:name.
     */
    private String meterRegistry;

    /**
     * Whether poll and webhook meters carry their instance's id as a tag. Turn it off with many thousands of
     * instances: they are then summed under instance=all. Default: true.
     */
    private Boolean metricsPerInstance;

    /**
     * The application's database for durable delivery; the tables are created or migrated at start. Unset, the
     * registry's only DataSource is used unless durable=false. A reference to a bean: #bean:name.
     */
    private String dataSource;

    /**
     * How long a claimed delivery may take before another dispatcher (after a crash, or on another node) takes it
     * over. Keep it well above the callbacks' connectTimeout plus responseTimeout: a delivery that outlives it is
     * delivered again by the other dispatcher (same Elements-Webhook-Id), and its own outcome is not recorded. A
     * duration: 500 (milliseconds), 30s, 5m, 12h. Default: 60000 ms.
     */
    private String deliveryLease;

    /**
     * Deliveries at the same time, in all. Default: 16.
     */
    private Integer deliveryThreads;

    /**
     * Whether notifications are stored before they are acknowledged, then delivered with retries. auto: yes when
     * eventStore, jdbcUrl or dataSource is set or the registry holds exactly one DataSource. true: also without a
     * database named, in an embedded H2 file, openconnectors-events.mv.db beside stateFile. false: delivered directly,
     * never stored. One of: auto, true, false. Default: auto.
     */
    private String durable;

    /**
     * Durable delivery: callback endpoints store each notification here before the consumer acknowledges it (a
     * JdbcEventStore on PostgreSQL or H2), and a dispatcher delivers, retries and queues them. Poll windows then live
     * in the same database. Without it, callbacks are POSTed directly and a failure fails the exchange. A reference to
     * a bean: #bean:name.
     */
    private String eventStore;

    /**
     * How long notified notifications (and their attempts) stay in the event store's history; 0 keeps them. Queued and
     * pending ones are never forgotten. A duration: 500 (milliseconds), 30s, 5m, 12h. Default: 2592000000 ms.
     */
    private String historyRetention;

    /**
     * The password of jdbcUser. A secret: masked in logs.
     */
    private String jdbcPassword;

    /**
     * The database of durable delivery (jdbc:postgresql://..., jdbc:h2:file:...), reached through a pool of the
     * component's; its JDBC driver must be on the classpath. The tables are created or migrated at start. Treated as a
     * secret, since a URL may carry a password; the log names the database only. A secret: masked in logs.
     */
    private String jdbcUrl;

    /**
     * The user jdbcUrl connects as.
     */
    private String jdbcUser;

    /**
     * The most deliveries at the same time to one callback host. A host starts with one and earns more by answering
     * promptly, up to this; a 429, a 5xx or no answer halves it, and a host that does not answer is paused, so that
     * one slow receiver cannot hold every thread. Default: 8.
     */
    private Integer maxDeliveriesPerHost;

    /**
     * Retries after the first failed delivery before a notification is queued (Open Connectors: 5). Default: 5.
     */
    private Integer maxRetries;

    /**
     * Retry x waits retryUnit x retryBase(retryFactor x x): with 2 and 3, 8 s, 64 s, 512 s, ... Default: 2.0.
     */
    private Double retryBase;

    /**
     * See retryBase. Default: 3.0.
     */
    private Double retryFactor;

    /**
     * How much each wait is spread, as a fraction (0.1: plus or minus 10%), so that retries of many notifications do
     * not all come at once. Default: 0.1.
     */
    private Double retryJitter;

    /**
     * The longest wait between two attempts, also when the callback asks for more with Retry-After. A duration: 500
     * (milliseconds), 30s, 5m, 12h. Default: 43200000 ms.
     */
    private String retryMaxDelay;

    /**
     * The unit of the retry schedule (1 second; a millisecond compresses the schedule for tests). A duration: 500
     * (milliseconds), 30s, 5m, 12h. Default: 1000 ms.
     */
    private String retryUnit;

    /**
     * How many notifications of one instance may wait for delivery (stored, retrying or queued) before health says
     * DOWN: the callbacks check, and a gateway instance's own. 0: no bound. Default: 10000.
     */
    private Integer backlogDownAbove;

    /**
     * How long a callback host may fail before health says DOWN (the callbacks check, and a gateway instance whose
     * callback it is). Meanwhile one WARN a minute tells of the failures. A duration: 500 (milliseconds), 30s, 5m,
     * 12h. Default: 300000 ms.
     */
    private String callbackDownAfter;

    /**
     * Threads shared by every poll consumer that sets no scheduledExecutorService of its own. Thousands of instances
     * then cost a few threads, not one each; 0 gives each consumer its own thread (Camel's default). Default: 10.
     */
    private Integer pollThreads;

    /**
     * With egressStrict: what strict mode allows after all, comma-separated CIDR blocks, addresses and host names (as
     * URLs write them, case-insensitive), e.g. 10.0.0.0/8,127.0.0.1/32,crm.internal. Cloud metadata and link-local
     * stay refused.
     */
    private String egressAllow;

    /**
     * Which addresses callbacks and vendor requests may connect to, checked on every address actually connected to
     * (after DNS). Without it, egressStrict and egressAllow decide; by default only cloud metadata (169.254.169.254,
     * metadata.google.internal, ...), link-local and the unspecified address (0.0.0.0) are refused. Build one with
     * EgressPolicy.strict(allowList), and withProtectedPorts(port) to keep callbacks off your own server's port. A
     * reference to a bean: #bean:name.
     */
    private String egressPolicy;

    /**
     * Strict egress: also refuse loopback, private networks (10/8, 172.16/12, 192.168/16), carrier-grade NAT
     * (100.64/10), unique-local IPv6 (fc00::/7) and this machine's own addresses, unless egressAllow lists them. For
     * callback URLs that users of an API give. Default: false.
     */
    private Boolean egressStrict;

    public Boolean getBridgeErrorHandler() {
        return bridgeErrorHandler;
    }

    public void setBridgeErrorHandler(Boolean bridgeErrorHandler) {
        this.bridgeErrorHandler = bridgeErrorHandler;
    }

    public String getStateFile() {
        return stateFile;
    }

    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }

    public String getStateRepository() {
        return stateRepository;
    }

    public void setStateRepository(String stateRepository) {
        this.stateRepository = stateRepository;
    }

    public Boolean getLazyStartProducer() {
        return lazyStartProducer;
    }

    public void setLazyStartProducer(Boolean lazyStartProducer) {
        this.lazyStartProducer = lazyStartProducer;
    }

    public Boolean getAutowiredEnabled() {
        return autowiredEnabled;
    }

    public void setAutowiredEnabled(Boolean autowiredEnabled) {
        this.autowiredEnabled = autowiredEnabled;
    }

    public String getMeterRegistry() {
        return meterRegistry;
    }

    public void setMeterRegistry(String meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    public Boolean getMetricsPerInstance() {
        return metricsPerInstance;
    }

    public void setMetricsPerInstance(Boolean metricsPerInstance) {
        this.metricsPerInstance = metricsPerInstance;
    }

    public String getDataSource() {
        return dataSource;
    }

    public void setDataSource(String dataSource) {
        this.dataSource = dataSource;
    }

    public String getDeliveryLease() {
        return deliveryLease;
    }

    public void setDeliveryLease(String deliveryLease) {
        this.deliveryLease = deliveryLease;
    }

    public Integer getDeliveryThreads() {
        return deliveryThreads;
    }

    public void setDeliveryThreads(Integer deliveryThreads) {
        this.deliveryThreads = deliveryThreads;
    }

    public String getDurable() {
        return durable;
    }

    public void setDurable(String durable) {
        this.durable = durable;
    }

    public String getEventStore() {
        return eventStore;
    }

    public void setEventStore(String eventStore) {
        this.eventStore = eventStore;
    }

    public String getHistoryRetention() {
        return historyRetention;
    }

    public void setHistoryRetention(String historyRetention) {
        this.historyRetention = historyRetention;
    }

    public String getJdbcPassword() {
        return jdbcPassword;
    }

    public void setJdbcPassword(String jdbcPassword) {
        this.jdbcPassword = jdbcPassword;
    }

    public String getJdbcUrl() {
        return jdbcUrl;
    }

    public void setJdbcUrl(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String getJdbcUser() {
        return jdbcUser;
    }

    public void setJdbcUser(String jdbcUser) {
        this.jdbcUser = jdbcUser;
    }

    public Integer getMaxDeliveriesPerHost() {
        return maxDeliveriesPerHost;
    }

    public void setMaxDeliveriesPerHost(Integer maxDeliveriesPerHost) {
        this.maxDeliveriesPerHost = maxDeliveriesPerHost;
    }

    public Integer getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(Integer maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Double getRetryBase() {
        return retryBase;
    }

    public void setRetryBase(Double retryBase) {
        this.retryBase = retryBase;
    }

    public Double getRetryFactor() {
        return retryFactor;
    }

    public void setRetryFactor(Double retryFactor) {
        this.retryFactor = retryFactor;
    }

    public Double getRetryJitter() {
        return retryJitter;
    }

    public void setRetryJitter(Double retryJitter) {
        this.retryJitter = retryJitter;
    }

    public String getRetryMaxDelay() {
        return retryMaxDelay;
    }

    public void setRetryMaxDelay(String retryMaxDelay) {
        this.retryMaxDelay = retryMaxDelay;
    }

    public String getRetryUnit() {
        return retryUnit;
    }

    public void setRetryUnit(String retryUnit) {
        this.retryUnit = retryUnit;
    }

    public Integer getBacklogDownAbove() {
        return backlogDownAbove;
    }

    public void setBacklogDownAbove(Integer backlogDownAbove) {
        this.backlogDownAbove = backlogDownAbove;
    }

    public String getCallbackDownAfter() {
        return callbackDownAfter;
    }

    public void setCallbackDownAfter(String callbackDownAfter) {
        this.callbackDownAfter = callbackDownAfter;
    }

    public Integer getPollThreads() {
        return pollThreads;
    }

    public void setPollThreads(Integer pollThreads) {
        this.pollThreads = pollThreads;
    }

    public String getEgressAllow() {
        return egressAllow;
    }

    public void setEgressAllow(String egressAllow) {
        this.egressAllow = egressAllow;
    }

    public String getEgressPolicy() {
        return egressPolicy;
    }

    public void setEgressPolicy(String egressPolicy) {
        this.egressPolicy = egressPolicy;
    }

    public Boolean getEgressStrict() {
        return egressStrict;
    }

    public void setEgressStrict(Boolean egressStrict) {
        this.egressStrict = egressStrict;
    }
}
