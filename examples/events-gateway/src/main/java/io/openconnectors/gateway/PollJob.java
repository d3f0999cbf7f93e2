package io.openconnectors.gateway;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one route, on the node whose Quartz scheduler fired its trigger; never two of the same route at once,
 * across the cluster. Quartz makes the job; the node's {@link ClusteredPolls} runs it.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(PollJob.class);

    @Override
    public void execute(JobExecutionContext execution) {
        try {
            ((ClusteredPolls) execution.getScheduler().getContext().get(ClusteredPolls.POLLS_KEY)).fired(execution);
        } catch (SchedulerException e) {
            LOG.warn("Poll of route {} skipped: {}", execution.getJobDetail().getKey().getName(), e.getMessage());
        }
    }
}
