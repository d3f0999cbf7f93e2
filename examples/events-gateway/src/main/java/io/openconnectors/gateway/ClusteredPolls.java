package io.openconnectors.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls on several nodes that share one PostgreSQL database: every poll route gets a {@link ClusteredPollScheduler},
 * whose trigger lives in Quartz's clustered JDBC job store, so that each resource of each instance is polled once per
 * interval by whichever node acquires its trigger, and a node that dies leaves its triggers to the others.
 * <p>
 * Quartz is plugged in where camel-quartz plugs its own poll scheduler, Camel's {@link ScheduledPollConsumerScheduler};
 * camel-quartz's takes cron expressions only (every instance with the same interval would fire in the same second), and
 * keys its jobs by a Camel context name that differs between nodes. The scheduler starts once this node runs its
 * instances ({@link #start}), so that no poll fires into a node that does not run its route yet.
 */
final class ClusteredPolls {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredPolls.class);
    /** The Quartz scheduler's name: the same on every node, which makes them one cluster. */
    static final String SCHEDULER_NAME = "openconnectors";
    static final String TRIGGER_GROUP = "openconnectors-poll";
    /** Where each node's job finds its Camel context: in the (per node) scheduler context. */
    static final String CAMEL_CONTEXT_KEY = "openconnectors.camelContext";
    private static final AtomicLong PROVIDERS = new AtomicLong();

    private final Scheduler scheduler;
    private final AtomicLong pollsRun = new AtomicLong();

    private ClusteredPolls(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Creates Quartz's tables when missing, and the clustered scheduler, in standby until {@link #start}.
     *
     * @param nodeId this node's name in the cluster, unique among the nodes that run at once
     */
    static ClusteredPolls create(CamelContext context, DataSource dataSource, String nodeId, int threads)
            throws SQLException, SchedulerException, IOException {
        createTables(dataSource);
        // Quartz looks its connections up by name: this gateway's pool, under a name of its own in this JVM
        String provider = "openconnectors-" + PROVIDERS.incrementAndGet();
        DBConnectionManager.getInstance().addConnectionProvider(provider, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the gateway closes its pool
            }

            @Override
            public void initialize() {
                // the pool is open
            }
        });
        Properties properties = new Properties();
        properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        properties.setProperty("org.quartz.scheduler.instanceId", nodeId);
        properties.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        properties.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        properties.setProperty("org.quartz.jobStore.dataSource", provider);
        properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        properties.setProperty("org.quartz.jobStore.isClustered", "true");
        // a node that stops checking in is found dead after about twice this, and what it had fired runs again elsewhere
        properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        properties.setProperty("org.quartz.jobStore.misfireThreshold", "15000");
        // triggers acquired several at a time under one row lock: thousands of resources fire every minute
        properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
        properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionFireAheadTimeWindow", "1000");
        properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        StdSchedulerFactory factory = new StdSchedulerFactory(properties);
        Scheduler scheduler = factory.getScheduler();
        // Quartz keeps schedulers by name, JVM-wide, and would hand this one to another gateway of this JVM (tests)
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        scheduler.getContext().put(CAMEL_CONTEXT_KEY, context);
        ClusteredPolls polls = new ClusteredPolls(scheduler);
        scheduler.getListenerManager().addJobListener(new JobListenerSupport() {
            @Override
            public String getName() {
                return "openconnectors-polls-run";
            }

            @Override
            public void jobWasExecuted(JobExecutionContext execution, JobExecutionException failure) {
                polls.pollsRun.incrementAndGet();
            }
        }, GroupMatcher.jobGroupEquals(TRIGGER_GROUP));
        return polls;
    }

    /** Fires polls from here on: this node runs its instances' routes. */
    void start() throws SchedulerException {
        scheduler.start();
        LOG.info("Polls are scheduled by Quartz, clustered in the database, as node '{}'", scheduler.getSchedulerInstanceId());
    }

    /** Fires no more polls here; what runs finishes. The triggers stay, for the other nodes. */
    void stop() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException e) {
            LOG.warn("Cannot stop the poll scheduler: {}", e.getMessage());
        }
    }

    /** The scheduler of one poll route: its trigger is named after the route. */
    ScheduledPollConsumerScheduler schedulerFor(String routeId) {
        return new ClusteredPollScheduler(scheduler, new JobKey(routeId, TRIGGER_GROUP));
    }

    /**
     * Deletes the triggers of poll routes that no node runs any more (an instance deleted, a resource removed, events
     * switched off). A route that merely stops, as when its node stops, keeps its trigger for the others.
     */
    void forget(Collection<String> routeIds) {
        for (String routeId : routeIds) {
            try {
                scheduler.deleteJob(new JobKey(routeId, TRIGGER_GROUP));
            } catch (SchedulerException e) {
                LOG.warn("Cannot delete the poll trigger of route {}: {}", routeId, e.getMessage());
            }
        }
    }

    /** How many polls this node ran since it started. */
    long pollsRun() {
        return pollsRun.get();
    }

    /** The routes whose poll runs on this node now. */
    List<String> running() {
        try {
            return scheduler.getCurrentlyExecutingJobs().stream().map(job -> job.getJobDetail().getKey().getName()).sorted().toList();
        } catch (SchedulerException e) {
            return List.of();
        }
    }

    /**
     * Quartz's own script for PostgreSQL, less its drops, each statement only when its table or index is missing;
     * under an advisory lock, since several nodes may start at once.
     */
    private static void createTables(DataSource dataSource) throws SQLException, IOException {
        String script;
        try (InputStream in = StdSchedulerFactory.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) {
                throw new IOException("Quartz's tables_postgres.sql is not on the class path");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SELECT pg_advisory_xact_lock(" + "openconnectors-quartz".hashCode() + ")");
                for (String sql : script.replaceAll("(?m)^\\s*--.*$", "").split(";")) {
                    String trimmed = sql.strip();
                    if (trimmed.isEmpty() || trimmed.regionMatches(true, 0, "DROP", 0, 4)
                        || trimmed.equalsIgnoreCase("COMMIT")) {
                        continue;
                    }
                    statement.execute(trimmed.replaceFirst("(?i)^CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ")
                            .replaceFirst("(?i)^CREATE INDEX ", "CREATE INDEX IF NOT EXISTS "));
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }
}
