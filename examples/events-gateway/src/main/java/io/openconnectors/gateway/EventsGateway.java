package io.openconnectors.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.openconnectors.camel.OpenConnectorsComponent;
import io.openconnectors.camel.http.EgressPolicy;
import io.openconnectors.camel.store.JdbcEventStore;
import io.openconnectors.gateway.demo.Demo;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events gateway: a Camel Main application that manages Open Connectors instances over HTTP and runs their event
 * routes. {@code java -jar events-gateway.jar [--demo]}.
 */
public final class EventsGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventsGateway.class);

    /** The most a body may have on any path; webhook instances and the API set lower limits of their own. */
    static final long SERVER_MAX_BODY = 10L * 1024 * 1024;
    /** The most body bytes held in memory at once, over all requests. */
    static final long BODY_BUDGET = 32L * 1024 * 1024;
    /** How often a node reads what the others changed: a change reaches every node within about this. */
    static final long SYNC_EVERY_MILLIS = 1000;

    private final GatewaySetup setup;
    private final ApiToken token;
    private final Main main = new Main();
    private final Demo demo;
    private final HikariDataSource dataSource;
    private final JdbcEventStore store;
    private final InstanceTable instanceTable;
    private final ClusterNodes nodes;
    private InstanceService instances;
    private RequestGuard guard;
    private ClusteredPolls polls;

    private EventsGateway(GatewaySetup setup) throws IOException {
        this.setup = setup;
        Files.createDirectories(setup.dataDir());
        this.token = setup.apiToken() != null ? ApiToken.configured(setup.apiToken()) : ApiToken.kept(setup.dataDir());
        this.demo = setup.demo() ? new Demo(setup) : null;
        this.dataSource = dataSource(setup.database());
        this.store = new JdbcEventStore(dataSource);
        store.migrate();
        this.instanceTable = new InstanceTable(dataSource);
        this.nodes = new ClusterNodes(dataSource, setup.nodeId(), setup.advertisedAddress(), Clock.systemUTC());
        try {
            instanceTable.migrate();
            nodes.migrate();
        } catch (SQLException e) {
            throw new IOException("Cannot set up the instance tables: " + e.getMessage(), e);
        }
        // after the embedded database created its files
        PrivateFiles.restrictFolder(setup.dataDir());
        main.addInitialProperty("camel.main.name", "events-gateway");
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", setup.host());
        main.addInitialProperty("camel.server.port", Integer.toString(setup.port()));
        main.addInitialProperty("camel.server.max-body-size", Long.toString(SERVER_MAX_BODY));
        // health at /observe/health, on the same port as the API
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", setup.host());
        main.addInitialProperty("camel.management.port", Integer.toString(setup.port()));
        main.addInitialProperty("camel.management.health-check-enabled", "true");
        main.addInitialProperty("camel.health.exposure-level", "full");
        // metrics at /observe/metrics (token), the component's by its instances and callback hosts; Camel's own per
        // context, not per route or endpoint: a route and endpoints per instance would be thousands of series
        main.addInitialProperty("camel.management.metrics-enabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        main.addInitialProperty("camel.metrics.route-policy-level", "context");
        main.addInitialProperty("camel.metrics.enable-exchange-event-notifier", "false");
        if (demo != null) {
            main.addInitialProperty(demo.connectorProperty(), demo.connectorBaseUrl());
        }
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeStop(BaseMainSupport stopping) {
                // no poll fires into routes that stop, and those running finish first
                if (polls != null) {
                    polls.stop();
                }
            }

            @Override
            public void afterConfigure(BaseMainSupport configured) {
                CamelContext context = configured.getCamelContext();
                // durable delivery: notifications, their history and the poll windows in the database
                OpenConnectorsComponent component = context.getComponent("openconnectors", OpenConnectorsComponent.class);
                component.setEventStore(store);
                EgressPolicy egress = egressPolicy(setup);
                component.setEgressPolicy(egress);
                HealthCheckRegistry.get(context).register(new EventStoreHealthCheck(store));
                try {
                    polls = setup.database().shared()
                            ? ClusteredPolls.create(context, dataSource, setup.nodeId(), component.getPollThreads()) : null;
                    instances = new InstanceService(context, instanceTable, egress, Clock.systemUTC(), polls);
                    if (polls != null) {
                        polls.setRouteWanted(instances::wantsPollRoute);
                    }
                    context.addRoutes(new ApiRoutes(instances, new EventHistory(store, component, instances, Clock.systemUTC()),
                            new ClusterView(nodes, instances, polls != null)));
                    context.addRoutes(new ConsoleRoutes());
                    if (demo != null) {
                        context.addRoutes(demo.routes());
                    }
                    guard = new RequestGuard(token, SERVER_MAX_BODY, BODY_BUDGET, setup.idleTimeout(), instances::webhookTarget,
                            () -> HealthCheckHelper.invoke(context).stream().noneMatch(r -> r.getState() == HealthCheck.State.DOWN));
                    context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
                        private boolean installed;

                        @Override
                        public void notify(CamelEvent event) {
                            // the server listens from here on, and no route runs yet: the guard goes before all
                            if (!installed) {
                                VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(setup.port()))
                                        .route().order(Integer.MIN_VALUE).handler(guard);
                                installed = true;
                            }
                        }

                        @Override
                        public boolean isEnabled(CamelEvent event) {
                            return event.getType() == CamelEvent.Type.RoutesStarting;
                        }
                    });
                    // once the server listens, whether started by run() (the command line) or start() (tests)
                    context.addStartupListener(new StartupListener() {
                        @Override
                        public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                            // the server is not listening yet
                        }

                        @Override
                        public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                            whenListening(started);
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot set up the gateway: " + e.getMessage(), e);
                }
            }
        });
    }

    /**
     * Strict: API callers choose callback and vendor URLs, so loopback and private networks are reached only where
     * {@code OPENCONNECTORS_EGRESS_ALLOW} says, and the gateway's own port never. The demo's stand-ins share that port
     * on loopback, so the demo allows both.
     */
    static EgressPolicy egressPolicy(GatewaySetup setup) {
        if (setup.demo()) {
            List<String> allow = new ArrayList<>(setup.egressAllow());
            allow.add("127.0.0.1/32");
            return EgressPolicy.strict(allow);
        }
        return EgressPolicy.strict(setup.egressAllow()).withProtectedPorts(setup.port());
    }

    private void whenListening(CamelContext context) throws Exception {
        JsonErrorPages.install(context, setup.port());
        HttpSummaryListeners.removeFrom(context);
        // instance files of earlier versions; when the database is shared, the embedded one of a node that joins
        List<EarlierInstances> earlier = setup.database().shared()
                ? List.of(new InstanceFiles(setup.dataDir()), new EmbeddedInstances(setup.dataDir()))
                : List.of(new InstanceFiles(setup.dataDir()));
        instances.restore(earlier);
        if (polls != null) {
            polls.start();
        }
        keepInStep(context);
        guard.ready();
        String base = "http://" + setup.host() + ":" + setup.port();
        LOG.info("Events gateway listening on {}: the console at {}/console, the API at {}/instances, webhooks at "
                 + "{}/events/<connector key>/<instance id>, health at {}/observe/health, metrics at {}/observe/metrics",
                base, base, base, base, base, base);
        if (token.generated()) {
            System.out.println("Generated the API token, kept in " + setup.dataDir().resolve("api-token")
                               + " (shown this once): " + token.value());
        }
        if (demo != null) {
            demo.start(context, token.value(), setup.apiToken() != null ? "OPENCONNECTORS_API_TOKEN"
                    : "kept in " + setup.dataDir().resolve("api-token"));
        }
    }

    /**
     * Every second, applies what other nodes changed to the instances; every few seconds, tells them this node lives.
     * A database that does not answer is said once, and again once it answers.
     */
    private void keepInStep(CamelContext context) {
        // two threads: a long apply of many changes does not hold the heartbeat back
        ScheduledExecutorService cluster = context.getExecutorServiceManager()
                .newScheduledThreadPool(this, "openconnectors-cluster", 2);
        AtomicBoolean failing = new AtomicBoolean();
        Runnable beat = () -> {
            try {
                nodes.beat(polls == null ? null : polls.pollsRun(), polls == null ? null : polls.running());
            } catch (Exception e) {
                LOG.debug("Heartbeat not written: {}", e.getMessage());
            }
        };
        beat.run();
        cluster.scheduleWithFixedDelay(beat, ClusterNodes.BEAT_EVERY.toMillis(), ClusterNodes.BEAT_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        cluster.scheduleWithFixedDelay(() -> {
            try {
                instances.sync();
                if (failing.getAndSet(false)) {
                    LOG.info("Instances are in step with the database again");
                }
            } catch (Exception e) {
                if (!failing.getAndSet(true)) {
                    LOG.warn("Cannot read the instances other nodes changed: {}", e.getMessage());
                }
            }
        }, SYNC_EVERY_MILLIS, SYNC_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Starts the gateway and returns once it listens. */
    public static EventsGateway start(GatewaySetup setup) throws Exception {
        EventsGateway gateway = new EventsGateway(setup);
        gateway.main.start();
        return gateway;
    }

    public static void main(String[] args) throws Exception {
        GatewaySetup setup;
        try {
            setup = GatewaySetup.from(args, System.getProperties(), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String taken = portTaken(setup.host(), setup.port());
        if (taken != null) {
            System.err.println(taken);
            System.exit(2);
            return;
        }
        try (EventsGateway gateway = new EventsGateway(setup)) {
            gateway.main.run();
        }
    }

    /**
     * Why the gateway cannot listen where it is told to, in one line, or {@code null} when it can: checked before
     * anything starts, since a server that fails to bind would leave a gateway that says it started.
     */
    static String portTaken(String host, int port) {
        if (port == 0) {
            return null;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return null;
        } catch (IOException e) {
            return "Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): another program uses the port;"
                   + " set CAMEL_SERVER_PORT to a free one";
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() {
        if (polls != null) {
            polls.stop();
        }
        main.stop();
        dataSource.close();
    }

    private static HikariDataSource dataSource(GatewaySetup.Database database) {
        HikariConfig config = new HikariConfig();
        // an H2 URL of the user's gets the settings the store needs, as the default one has them
        config.setJdbcUrl(JdbcEventStore.withH2Settings(database.url()));
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(20);
        // while the database is down, a webhook is answered 500 after this rather than HikariCP's 30 s
        config.setConnectionTimeout(5000);
        config.setPoolName("openconnectors-events");
        return new HikariDataSource(config);
    }
}
