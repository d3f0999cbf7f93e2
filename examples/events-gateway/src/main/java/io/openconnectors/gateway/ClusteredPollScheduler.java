package io.openconnectors.gateway;

import java.util.Date;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.NonManagedService;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.spi.ScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.ScheduledPollConsumerHealthCheck;
import org.apache.camel.support.service.ServiceSupport;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules one poll route's polls with a Quartz trigger in the clustered job store, one trigger per route for the
 * whole cluster: every node that runs the route schedules it, the first creates the trigger and the others find it.
 * The trigger repeats at the consumer's delay (camel-quartz's own poll scheduler takes cron expressions only, which would
 * fire every instance with the same interval in the same second). A poll missed while no node ran runs as soon as one
 * does. Stopping the route leaves the trigger to the other nodes; {@link ClusteredPolls#forget} deletes it.
 */
final class ClusteredPollScheduler extends ServiceSupport implements ScheduledPollConsumerScheduler, NonManagedService {

    private static final Logger LOG = LoggerFactory.getLogger(ClusteredPollScheduler.class);

    private final Scheduler quartz;
    private final JobKey key;
    private CamelContext camelContext;
    private ScheduledPollConsumer consumer;

    ClusteredPollScheduler(Scheduler quartz, JobKey key) {
        this.quartz = quartz;
        this.key = key;
    }

    @Override
    public void onInit(Consumer consumer) {
        this.consumer = (ScheduledPollConsumer) consumer;
        if (this.consumer.getHealthCheck() instanceof ScheduledPollConsumerHealthCheck check) {
            // other nodes may run every poll of this route: not having polled here yet is no reason to be unready
            check.setInitialState(HealthCheck.State.UP);
        }
    }

    @Override
    public void scheduleTask(Runnable task) {
        // the job finds the route's consumer by the route id, on whichever node fires it
    }

    @Override
    public void unscheduleTask() {
        // the trigger stays for the other nodes
    }

    @Override
    public void startScheduler() {
        // the Quartz scheduler starts once the node runs its instances (ClusteredPolls.start)
    }

    @Override
    public boolean isSchedulerStarted() {
        try {
            return quartz.isStarted();
        } catch (SchedulerException e) {
            return false;
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    protected void doStart() throws Exception {
        long interval = consumer.getTimeUnit().toMillis(consumer.getDelay());
        TriggerKey triggerKey = new TriggerKey(key.getName(), key.getGroup());
        Trigger existing = quartz.getTrigger(triggerKey);
        if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == interval) {
            return; // another node, or this one before a restart, keeps its rhythm
        }
        long initialDelay = consumer.getTimeUnit().toMillis(Math.max(0, consumer.getInitialDelay()));
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey).forJob(key)
                .startAt(new Date(System.currentTimeMillis() + (existing == null ? initialDelay : interval)))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval).repeatForever()
                        .withMisfireHandlingInstructionNowWithExistingCount())
                .build();
        if (existing != null) {
            LOG.debug("Poll trigger {} now repeats every {} ms", triggerKey, interval);
            quartz.rescheduleJob(triggerKey, trigger);
            return;
        }
        // a poll cut short by its node's death runs again on another node (its window had not moved)
        JobDetail job = JobBuilder.newJob(PollJob.class).withIdentity(key).requestRecovery().build();
        try {
            quartz.scheduleJob(job, trigger);
        } catch (ObjectAlreadyExistsException anotherNodeWasFirst) {
            LOG.debug("Poll trigger {} was created by another node", triggerKey);
        }
    }

    @Override
    protected void doStop() {
        // the trigger stays for the other nodes
    }
}
