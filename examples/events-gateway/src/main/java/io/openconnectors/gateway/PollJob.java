package io.openconnectors.gateway;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.ScheduledPollConsumer;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one route, on the node whose Quartz scheduler fired its trigger; never two of the same route at once,
 * across the cluster. The job is named after the route; a node that does not run the route (yet) skips this poll.
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(PollJob.class);

    @Override
    public void execute(JobExecutionContext execution) {
        String routeId = execution.getJobDetail().getKey().getName();
        CamelContext context;
        try {
            context = (CamelContext) execution.getScheduler().getContext().get(ClusteredPolls.CAMEL_CONTEXT_KEY);
        } catch (SchedulerException e) {
            LOG.warn("Poll of route {} skipped: {}", routeId, e.getMessage());
            return;
        }
        Route route = context == null ? null : context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof ScheduledPollConsumer poll) {
            poll.run(); // the consumer's own path: backoff, error counters for health, the exception handler
        } else {
            LOG.debug("Poll of route {} skipped: it does not run on this node", routeId);
        }
    }
}
