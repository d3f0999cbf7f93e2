package io.openconnectors.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.openconnectors.camel.poll.PollConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
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
 * instances ({@link #start}); a poll that fires on a node that does not run its route (not yet, or not there) is
 * handed back to the cluster ({@link #notRunHere}).
 */
final class ClusteredPolls {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredPolls.class);
    /** The Quartz scheduler's name: the same on every node, which makes them one cluster. */
    static final String SCHEDULER_NAME = "openconnectors";
    /** The group of every poll job and trigger. */
    static final String GROUP = "openconnectors-poll";
    /** Where each node's jobs find this node's polls: in the (per node) scheduler context. */
    static final String POLLS_KEY = "openconnectors.polls";
    /** A poll fired on a node that does not run its route is fired again this many times at most, a second apart. */
    static final int HAND_BACKS = 10;
    private static final String HANDED_BACK = "handedBack";
    private static final AtomicLong PROVIDERS = new AtomicLong();

    private final CamelContext context;
    private final Scheduler scheduler;
    private final AtomicLong pollsRun = new AtomicLong();
    private volatile Predicate<String> routeWanted = routeId -> true;

    private ClusteredPolls(CamelContext context, Scheduler scheduler) {
        this.context = context;
        this.scheduler = scheduler;
    }

    /**
     * Tells whether a poll route is still one of an instance's, as far as this node knows: a trigger whose route is not
     * wanted any more is deleted when it fires.
     */
    void setRouteWanted(Predicate<String> routeWanted) {
        this.routeWanted = routeWanted;
    }

    /**
     * Creates Quartz's tables when missing, and the clustered scheduler, in standby until {@link #start}.
     *
     * @param nodeId this node's name in the cluster, unique among the nodes that run at once
     */
    static ClusteredPolls create(CamelContext context, DataSource dataSource, String nodeId, int threads)
            throws SQLException, SchedulerException, IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("pollThreads: " + threads + " (a thread per consumer) cannot serve polls shared"
                                               + " by several nodes; set 1 or more");
        }
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
        // a node that stops checking in is found dead after this and Quartz's 7.5 s of grace: about 12 s; what it had
        // fired and not finished runs again elsewhere (the jobs ask for recovery)
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
        ClusteredPolls polls = new ClusteredPolls(context, scheduler);
        scheduler.getContext().put(POLLS_KEY, polls);
        return polls;
    }

    /** Fires polls from here on: this node runs its instances' routes. */
    void start() throws SchedulerException {
        scheduler.start();
        LOG.info("Polls are scheduled by Quartz, clustered in the database, as node '{}'", scheduler.getSchedulerInstanceId());
    }

    /**
     * Fires no more polls here, and waits for those running to finish, so that no fired trigger is left to the other
     * nodes' recovery; before the routes stop. The triggers stay, for the other nodes.
     */
    void stop() {
        try {
            if (!scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException e) {
            LOG.warn("Cannot stop the poll scheduler: {}", e.getMessage());
        }
    }

    /** The scheduler of one poll route: its trigger is named after the route. */
    ScheduledPollConsumerScheduler schedulerFor(String routeId) {
        return new ClusteredPollScheduler(scheduler, new JobKey(routeId, GROUP));
    }

    /**
     * Polls these routes now, each on whichever node fires it first, never beside a poll of it that runs. Requests made
     * while one waits are one poll; a route held back by its vendor ({@code Retry-After}) or not started yet polls when
     * its trigger says.
     */
    void pollNow(List<String> routeIds) {
        Date now = new Date();
        for (String routeId : routeIds) {
            JobKey job = new JobKey(routeId, GROUP);
            try {
                boolean waitsOrHeld = scheduler.getTriggersOfJob(job).stream().anyMatch(trigger -> trigger.getKey().getName().equals(routeId)
                        ? trigger.getStartTime().after(now) : trigger.getNextFireTime() != null);
                if (!waitsOrHeld) {
                    scheduler.triggerJob(job);
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Cannot poll route " + routeId + " now: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A route's trigger fired on this node: its poll runs here, through the consumer's own path (backoff, error
     * counters for health, the exception handler), or is handed back when this node does not run the route.
     */
    void fired(JobExecutionContext execution) {
        String routeId = execution.getJobDetail().getKey().getName();
        Route route = context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof PollConsumer poll && poll.isRunAllowed()) {
            poll.run();
            ran(routeId, poll.resumeAt());
        } else {
            notRunHere(execution);
        }
    }

    /**
     * A poll ran here. A vendor that asked to wait ({@code resumeAt}) holds the route's trigger back until then, for
     * every node.
     */
    private void ran(String routeId, Instant resumeAt) {
        pollsRun.incrementAndGet();
        if (resumeAt == null) {
            return;
        }
        TriggerKey key = new TriggerKey(routeId, GROUP);
        try {
            Trigger trigger = scheduler.getTrigger(key);
            if (trigger != null && trigger.getNextFireTime() != null && trigger.getNextFireTime().toInstant().isBefore(resumeAt)) {
                scheduler.rescheduleJob(key, trigger.getTriggerBuilder().startAt(Date.from(resumeAt)).build());
            }
        } catch (SchedulerException e) {
            LOG.warn("Cannot hold the polls of route {} back until {}: {}", routeId, resumeAt, e.getMessage());
        }
    }

    /**
     * A poll fired on this node, which does not run its route: deleted when the route is no instance's any more, else
     * handed back to the cluster a second later (another node runs it, or this one soon will), a few times at most.
     */
    private void notRunHere(JobExecutionContext execution) {
        JobKey job = execution.getJobDetail().getKey();
        try {
            if (!routeWanted.test(job.getName())) {
                LOG.info("Deleted the poll trigger of route {}: no instance polls it any more", job.getName());
                scheduler.deleteJob(job);
                return;
            }
            // the repeating trigger has no count: it is 0 there
            int handedBack = execution.getTrigger().getJobDataMap().get(HANDED_BACK) instanceof Integer n ? n : 0;
            if (handedBack < HAND_BACKS) {
                scheduler.scheduleJob(TriggerBuilder.newTrigger().forJob(job).usingJobData(HANDED_BACK, handedBack + 1)
                        .startAt(new Date(System.currentTimeMillis() + 1000)).build());
            } else {
                LOG.debug("Poll of route {} skipped: no node that fired it runs it", job.getName());
            }
        } catch (SchedulerException | RuntimeException e) {
            LOG.warn("Poll of route {} skipped: {}", job.getName(), e.getMessage());
        }
    }

    /**
     * Deletes the triggers of poll routes that no node runs any more (an instance deleted, a resource removed, events
     * switched off). A route that merely stops, as when its node stops, keeps its trigger for the others.
     */
    void forget(Collection<String> routeIds) {
        for (String routeId : routeIds) {
            try {
                scheduler.deleteJob(new JobKey(routeId, GROUP));
            } catch (SchedulerException e) {
                LOG.warn("Cannot delete the poll trigger of route {}: {}", routeId, e.getMessage());
            }
        }
    }

    /** How many polls ran on this node since it started. */
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
                // once there, not again: an index created IF NOT EXISTS still locks its table, and in this transaction
                // that lock would deadlock with the running nodes' Quartz updates
                try (ResultSet there = statement.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
                    there.next();
                    if (there.getBoolean(1)) {
                        connection.commit();
                        return;
                    }
                }
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
