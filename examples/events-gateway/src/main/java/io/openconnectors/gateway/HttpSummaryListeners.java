package io.openconnectors.gateway;

import java.lang.reflect.Method;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.impl.engine.AbstractCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the HTTP servers' endpoint-summary listeners out once the gateway listens. Camel Main's HTTP and management
 * servers (camel-platform-http-main 4.18) log the summary from a startup listener that Camel calls again for every route
 * added after start, and each call also adds an event notifier that is never removed: with a route per instance, the
 * n-th instance's route events went to 2n notifiers (sorted again at each add), and the summary of every webhook path
 * was logged again per webhook instance. The summary logged at start stays.
 */
final class HttpSummaryListeners {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSummaryListeners.class);
    private static final String SUMMARY_LISTENER = "org.apache.camel.component.platform.http.main.MainHttpServerUtil$";

    private HttpSummaryListeners() {
    }

    /** Takes them out; where this Camel hides them, says so, as instances then cost more to add. */
    static void removeFrom(CamelContext context) {
        try {
            // Camel offers no public way to remove a startup listener
            Method getter = AbstractCamelContext.class.getDeclaredMethod("getStartupListeners");
            getter.setAccessible(true);
            @SuppressWarnings("unchecked")
            List<StartupListener> listeners = (List<StartupListener>) getter.invoke(context);
            List<StartupListener> summaries = listeners.stream()
                    .filter(listener -> listener.getClass().getName().startsWith(SUMMARY_LISTENER)).toList();
            listeners.removeAll(summaries);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("Camel's HTTP summary listeners are left in place, each instance added costs more: {}", e.toString());
        }
    }
}
