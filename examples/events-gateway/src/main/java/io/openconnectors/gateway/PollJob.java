package io.openconnectors.gateway;

import io.openconnectors.camel.poll.PollConsumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerContext;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poll of one route, on the node whose Quartz scheduler fired its trigger; never two of the same route at once,
 * across the cluster. The job is named after the route. A node that does not run the route hands the poll back to the
 * cluster ({@link ClusteredPolls#notRunHere}).
 */
@DisallowConcurrentExecution
public final class PollJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(PollJob.class);

    @Override
    public void execute(JobExecutionContext execution) {
        String routeId = execution.getJobDetail().getKey().getName();
        SchedulerContext shared;
        try {
            shared = execution.getScheduler().getContext();
        } catch (SchedulerException e) {
            LOG.warn("Poll of route {} skipped: {}", routeId, e.getMessage());
            return;
        }
        CamelContext context = (CamelContext) shared.get(ClusteredPolls.CAMEL_CONTEXT_KEY);
        ClusteredPolls polls = (ClusteredPolls) shared.get(ClusteredPolls.POLLS_KEY);
        Route route = context.getRoute(routeId);
        if (route != null && route.getConsumer() instanceof PollConsumer poll && poll.isRunAllowed()) {
            poll.run(); // the consumer's own path: backoff, error counters for health, the exception handler
            polls.ran(routeId, poll.resumeAt());
        } else {
            polls.notRunHere(execution);
        }
    }
}
